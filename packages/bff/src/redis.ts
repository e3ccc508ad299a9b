/**
 * `@sesame/bff/redis`: the BFF's sessions in Redis, for several replicas behind a load balancer.
 * Records encrypted at rest (AES-256-GCM), their lifetimes as Redis expiry, one token refresh per
 * session across replicas (a Redis lock), 503 with `Retry-After` while Redis is down. A separate
 * entry point, so that apps on the in-memory store never load a Redis client; it needs
 * `@redis/client` (node-redis, Redis's own client) installed.
 *
 * @packageDocumentation
 */
export {
  redisSessionStore,
  RedisSessionStore,
  type RedisSessionStoreOptions,
} from './redis/redis-session-store';
