import { balanceHistory, readHistoryDays } from '../bank/balance-history.js';
import { requestCard, setCardFrozen } from '../bank/cards.js';
import { readPageQuery, transactionPage } from '../bank/transaction-page.js';
import { accountView, cardView, customerView, payeeView, transactionView } from '../bank/views.js';
import { created, ok } from '../http/api-response.js';
import { Router } from '../http/router.js';
import { executeTransfer } from '../transfers/execute-transfer.js';
import { parseTransferRequest } from '../transfers/transfer-request.js';
import { SCOPES, type ApiRoute } from './route.js';

const param = (params: Readonly<Record<string, string>>, name: string): string =>
  params[name] ?? '';

/** Every protected route of the bank API. */
export function apiRouter(): Router<ApiRoute> {
  return new Router<ApiRoute>()
    .add('GET', '/me', {
      scope: SCOPES.read,
      handle: ({ bank, token }) => ok(customerView(bank.customer(token.sub), token.scopes)),
    })
    .add('GET', '/accounts', {
      scope: SCOPES.read,
      handle: ({ bank, token }) => ok({ items: bank.accounts(token.sub).map(accountView) }),
    })
    .add('GET', '/accounts/:id', {
      scope: SCOPES.read,
      handle: ({ bank, token, params }) =>
        ok(accountView(bank.account(token.sub, param(params, 'id')))),
    })
    .add('GET', '/accounts/:id/transactions', {
      scope: SCOPES.read,
      handle: ({ bank, token, params, query }) => {
        const account = bank.account(token.sub, param(params, 'id'));
        const page = transactionPage(account, readPageQuery(account.id, query));
        return ok({ items: page.items.map(transactionView), nextCursor: page.nextCursor });
      },
    })
    .add('GET', '/accounts/:id/balance-history', {
      scope: SCOPES.read,
      handle: ({ bank, token, params, query }) => {
        const account = bank.account(token.sub, param(params, 'id'));
        const days = readHistoryDays(query);
        return ok({
          accountId: account.id,
          currency: account.currency,
          days: balanceHistory(account, bank.clock.today(), days),
        });
      },
    })
    .add('GET', '/payees', {
      scope: SCOPES.read,
      handle: ({ bank, token }) => ok({ items: bank.payees(token.sub).map(payeeView) }),
    })
    .add('POST', '/transfers', {
      scope: SCOPES.transfer,
      body: true,
      idempotency: 'required',
      handle: ({ bank, token, body }) =>
        created(executeTransfer(bank, token.sub, parseTransferRequest(body))),
    })
    .add('GET', '/cards', {
      scope: SCOPES.read,
      handle: ({ bank, token }) => ok({ items: bank.cards(token.sub).map(cardView) }),
    })
    .add('POST', '/cards', {
      scope: SCOPES.cards,
      body: true,
      idempotency: 'optional',
      handle: ({ bank, token, body }) => created(cardView(requestCard(bank, token.sub, body))),
    })
    .add('POST', '/cards/:id/freeze', {
      scope: SCOPES.cards,
      handle: ({ bank, token, params }) =>
        ok(cardView(setCardFrozen(bank, token.sub, param(params, 'id'), true))),
    })
    .add('POST', '/cards/:id/unfreeze', {
      scope: SCOPES.cards,
      handle: ({ bank, token, params }) =>
        ok(cardView(setCardFrozen(bank, token.sub, param(params, 'id'), false))),
    });
}
