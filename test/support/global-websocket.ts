/**
 * Setup file of the replay project: a global `WebSocket` (undici's; Node 20 has none) before
 * any file of the fork starts an msw server. msw's interceptors are module singletons shared by
 * every `setupServer`; one that listens while no global WebSocket exists leaves its websocket
 * interceptor unapplied, and `dispose()` of an unapplied interceptor returns before removing
 * its listeners (@mswjs/interceptors Interceptor.dispose). Once a later file installed a
 * WebSocket, that stale listener, holding an earlier file's engine, took the attach/ws
 * connection first and closed it with 1011 (no attach/ws in that engine): attach-ws failed
 * about one run in three after other files in a shared fork.
 */
import { WebSocket as UndiciWebSocket } from 'undici';

const g = globalThis as { WebSocket?: unknown };
g.WebSocket ??= UndiciWebSocket;
