import type { Context, Middleware, Next } from 'koa';
import { ownOrigin } from './own-origin';
import type Provider from 'oidc-provider';
import { errors, type InteractionResults } from 'oidc-provider';
import type { ConsentMemory } from './consent-memory';
import { planConsent, scopesToShow, type ConsentPlan } from './consent-plan';
import { FormBodyError, readFormBody } from './form-body';
import { cspNonce, pageHeaders } from './pages/html';
import { consentPage, loginPage } from './pages/interaction-pages';
import { errorPage } from './pages/other-pages';
import { authenticate, DEMO_USERS, findUserBySub } from './users';

export interface InteractionDeps {
  provider: Provider;
  consents: ConsentMemory;
}

type Interaction = Awaited<ReturnType<Provider['interactionDetails']>>;
type Action = 'login' | 'confirm' | 'abort';

const ROUTE = /^\/interaction\/([A-Za-z0-9_-]+)(?:\/(login|confirm|abort))?$/;

function render(ctx: Context, status: number, page: (nonce: string) => string): void {
  const nonce = cspNonce();
  ctx.set(pageHeaders(nonce));
  ctx.status = status;
  ctx.type = 'html';
  ctx.body = page(nonce);
}

function sessionExpired(ctx: Context): void {
  render(ctx, 400, (nonce) => errorPage({ nonce, error: 'session_expired' }));
}

/**
 * The IdP's own sign-in and consent pages. Each form posts back to `/interaction/<uid>/...`, and only a
 * browser holding that interaction's cookie (path-scoped, SameSite=Lax, signed) can use it; that is the
 * CSRF defence. A cross-origin `Origin` header is refused as well.
 */
export function interactionRoutes(deps: InteractionDeps): Middleware {
  return async function interactions(ctx: Context, next: Next) {
    const match = ROUTE.exec(ctx.path);
    if (!match) return next();
    const [, uid = '', action] = match as unknown as [string, string, Action | undefined];

    const expectedMethod = action === undefined ? 'GET' : 'POST';
    if (ctx.method !== expectedMethod && !(action === undefined && ctx.method === 'HEAD')) {
      ctx.status = 405;
      ctx.set('Allow', expectedMethod);
      return;
    }
    if (action !== undefined && ctx.get('origin') !== '' && ctx.get('origin') !== ownOrigin(ctx)) {
      ctx.status = 403;
      ctx.body = 'Cross-origin form posts are not accepted.';
      return;
    }

    let interaction: Interaction;
    try {
      interaction = await deps.provider.interactionDetails(ctx.req, ctx.res);
    } catch (error) {
      if (error instanceof errors.SessionNotFound) return sessionExpired(ctx);
      throw error;
    }
    if (interaction.uid !== uid) return sessionExpired(ctx);
    (ctx.state as { clientId?: unknown }).clientId = interaction.params.client_id;

    try {
      if (action === 'abort') return await finish(ctx, deps, abortResult(), false);
      if (interaction.prompt.name === 'login')
        return await handleLogin(ctx, deps, interaction, action);
      if (interaction.prompt.name === 'consent') {
        return await handleConsent(ctx, deps, interaction, action);
      }
      ctx.status = 400;
      ctx.body = 'Unsupported interaction.';
    } catch (error) {
      if (error instanceof FormBodyError) {
        ctx.status = error.status;
        ctx.body = error.message;
        return;
      }
      throw error;
    }
  };
}

function abortResult(): InteractionResults {
  return { error: 'access_denied', error_description: 'The customer cancelled the sign-in.' };
}

async function finish(
  ctx: Context,
  deps: InteractionDeps,
  result: InteractionResults,
  mergeWithLastSubmission: boolean,
): Promise<void> {
  const returnTo = await deps.provider.interactionResult(ctx.req, ctx.res, result, {
    mergeWithLastSubmission,
  });
  ctx.redirect(returnTo);
  ctx.status = 303;
}

async function clientName(deps: InteractionDeps, interaction: Interaction): Promise<string> {
  const clientId = String(interaction.params.client_id);
  const client = await deps.provider.Client.find(clientId);
  return client?.clientName ?? clientId;
}

async function handleLogin(
  ctx: Context,
  deps: InteractionDeps,
  interaction: Interaction,
  action: Action | undefined,
): Promise<void> {
  const name = await clientName(deps, interaction);
  const demoLogins = DEMO_USERS.map((user) => user.login);
  if (action === undefined) {
    const hint = interaction.params.login_hint;
    return render(ctx, 200, (nonce) =>
      loginPage({
        nonce,
        uid: interaction.uid,
        clientName: name,
        login: typeof hint === 'string' ? hint : undefined,
        demoLogins,
      }),
    );
  }
  if (action !== 'login') return sessionExpired(ctx);

  const form = await readFormBody(ctx.req);
  const login = form.get('login') ?? '';
  const user = authenticate(login, form.get('password') ?? '');
  if (!user) {
    return render(ctx, 400, (nonce) =>
      loginPage({ nonce, uid: interaction.uid, clientName: name, login, failed: true, demoLogins }),
    );
  }
  // remember: false keeps the IdP session in a browser-session cookie, as a bank would.
  return finish(
    ctx,
    deps,
    { login: { accountId: user.sub, amr: ['pwd'], remember: false } },
    false,
  );
}

async function handleConsent(
  ctx: Context,
  deps: InteractionDeps,
  interaction: Interaction,
  action: Action | undefined,
): Promise<void> {
  const accountId = interaction.session?.accountId;
  const user = accountId === undefined ? undefined : findUserBySub(accountId);
  if (!user) return sessionExpired(ctx);
  const clientId = String(interaction.params.client_id);
  const plan = planConsent(interaction.prompt.details, user.apiScopes);

  const askedBefore = deps.consents.covers(user.sub, clientId, plan.ask);
  if (action === undefined && !askedBefore && scopesToShow(plan.ask).length > 0) {
    const name = await clientName(deps, interaction);
    return render(ctx, 200, (nonce) =>
      consentPage({
        nonce,
        uid: interaction.uid,
        clientName: name,
        userName: user.name,
        scopes: scopesToShow(plan.ask),
      }),
    );
  }
  if (action !== undefined && action !== 'confirm') return sessionExpired(ctx);

  const grantId = await saveGrant(deps, interaction, user.sub, clientId, plan);
  deps.consents.remember(user.sub, clientId, plan.ask);
  return finish(ctx, deps, { consent: { grantId } }, true);
}

async function saveGrant(
  deps: InteractionDeps,
  interaction: Interaction,
  accountId: string,
  clientId: string,
  plan: ConsentPlan,
): Promise<string> {
  const { Grant } = deps.provider;
  const existing = interaction.grantId ? await Grant.find(interaction.grantId) : undefined;
  const grant = existing ?? new Grant({ accountId, clientId });
  if (plan.ask.oidcScopes.length > 0) grant.addOIDCScope(plan.ask.oidcScopes);
  if (plan.ask.oidcClaims.length > 0) grant.addOIDCClaims(plan.ask.oidcClaims);
  for (const [resource, scopes] of Object.entries(plan.ask.resourceScopes)) {
    grant.addResourceScope(resource, scopes);
  }
  for (const [resource, scopes] of Object.entries(plan.reject)) {
    grant.rejectResourceScope(resource, scopes);
  }
  return grant.save();
}
