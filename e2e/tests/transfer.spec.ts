import { test, expect } from '../fixtures/test';
import { euros } from '../fixtures/money';
import { fillOwnAccountTransfer } from '../fixtures/transfer-form';
import {
  expectIdempotencyKeyReused,
  loseFirstTransferAnswer,
  sendTransferAndTryAgain,
} from '../fixtures/steps';

const FROM = 'acc_jane_checking';
const TO = 'acc_jane_savings';

test.describe('transfers', () => {
  test.beforeEach(async ({ page, signIn }) => {
    await signIn('jane.doe');
    await expect(page.getByTestId(`account-${FROM}`)).toBeVisible();
  });

  const transfersBooked = (log: readonly { method: string; path: string; status: number }[]) =>
    log.filter(
      (entry) => entry.method === 'POST' && entry.path === '/transfers' && entry.status === 201,
    ).length;

  test('a transfer between own accounts changes both balances once', async ({
    page,
    stack,
    apiRequests,
  }) => {
    const before = {
      from: stack.api.ledger.balanceMinor(FROM)!,
      to: stack.api.ledger.balanceMinor(TO)!,
    };
    await page.getByRole('link', { name: 'New transfer' }).click();
    await fillOwnAccountTransfer(page, { from: FROM, to: TO, amount: '125.50' });

    await expect(page.getByRole('heading', { name: 'Check and confirm' })).toBeFocused();
    await expect(page.locator('.summary-list')).toContainText('€125.50');
    await page.getByRole('button', { name: 'Confirm and send' }).click();

    const receipt = page.getByTestId('transfer-receipt');
    await expect(receipt).toContainText('€125.50 sent to Savings');
    await expect(receipt).toContainText(
      `New balance of Everyday Checking: ${euros(before.from - 12550)}`,
    );

    expect(stack.api.ledger.balanceMinor(FROM)).toBe(before.from - 12550);
    expect(stack.api.ledger.balanceMinor(TO)).toBe(before.to + 12550);
    expect(stack.api.ledger.check()).toMatchObject({ balanced: true, problems: [] });

    await page.getByRole('link', { name: 'Back to overview' }).click();
    await expect(page.getByTestId(`account-${FROM}`)).toContainText(euros(before.from - 12550));
    await expect(page.getByTestId(`account-${TO}`)).toContainText(euros(before.to + 12550));
    expect(transfersBooked(apiRequests())).toBe(1);
  });

  test('a double click on confirm sends one transfer', async ({ page, stack, apiRequests }) => {
    const before = stack.api.ledger.balanceMinor(FROM)!;
    await page.goto('/transfer');
    await fillOwnAccountTransfer(page, { from: FROM, to: TO, amount: '10' });
    const confirm = page.getByRole('button', { name: 'Confirm and send' });
    // Two clicks in the same task, before React can re-render the button as disabled.
    await confirm.evaluate((button: HTMLButtonElement) => {
      button.click();
      button.click();
    });
    await expect(page.getByTestId('transfer-receipt')).toContainText('€10.00 sent to Savings');

    expect(stack.api.ledger.balanceMinor(FROM)).toBe(before - 1000);
    const posts = apiRequests().filter(
      (entry) => entry.method === 'POST' && entry.path === '/transfers',
    );
    expect(posts).toHaveLength(1);
  });

  test('a retry after a lost answer reuses the Idempotency-Key: booked once', async ({
    page,
    stack,
    apiRequests,
  }) => {
    const before = stack.api.ledger.balanceMinor(FROM)!;
    // The first POST reaches the bank, but its answer never reaches the browser.
    const keys = await loseFirstTransferAnswer(page, `${stack.api.url}/transfers`);
    await sendTransferAndTryAgain(page, FROM, TO);

    expectIdempotencyKeyReused(keys);
    expect(stack.api.ledger.balanceMinor(FROM)).toBe(before - 4200);
    expect(transfersBooked(apiRequests())).toBe(2); // the second is the bank's replay
  });

  test('the form explains what is wrong before anything is sent', async ({ page, apiRequests }) => {
    await page.goto('/transfer');
    await page.getByRole('button', { name: 'Continue' }).click();
    const summary = page.getByRole('alert').filter({ hasText: 'Please check the transfer' });
    await expect(summary).toBeFocused();
    await expect(summary).toContainText('Choose the account to pay from.');
    await expect(summary).toContainText('Enter an amount.');

    await page.getByLabel('From', { exact: true }).selectOption(FROM);
    await page.getByLabel('Account to pay into').selectOption(FROM);
    await page.getByLabel('Amount (EUR)').fill('12.345');
    await page.getByRole('button', { name: 'Continue' }).click();
    await expect(page.getByLabel('Amount (EUR)')).toHaveAttribute('aria-invalid', 'true');
    await expect(summary).toContainText('Use at most two decimal places.');
    await expect(summary).toContainText('Choose a different account');
    expect(apiRequests().filter((entry) => entry.method === 'POST')).toHaveLength(0);
  });
});
