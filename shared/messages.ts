/**
 * The runtime messages between extension contexts, as one map from message name to request and
 * response types. Content scripts and pages send `{ type, payload }` to the background, which
 * forwards it to the offscreen document as `{ target: 'offscreen', type, payload }`; the offscreen
 * document asks the engine and answers. Runtime messaging is JSON (no typed arrays, Maps or Dates,
 * 64 MiB at most), so only small queries and plain results travel here: files go to the engine
 * over Comlink, from extension pages only.
 */
import type { WorkspaceStatus } from '../engine/api/engine-api';
import type { LookupQuery, LookupResult, Outcome } from './workspace';

export interface MessageMap {
  status: { request: null; response: Outcome<WorkspaceStatus> };
  lookup: { request: LookupQuery; response: Outcome<LookupResult> };
  lookupBatch: { request: LookupQuery[]; response: Outcome<LookupResult[]> };
}

export type MessageType = keyof MessageMap;
export type RequestOf<K extends MessageType> = MessageMap[K]['request'];
export type ResponseOf<K extends MessageType> = MessageMap[K]['response'];

/** What a content script or page sends to the background. */
export type RouterMessage<K extends MessageType = MessageType> = {
  [T in K]: { type: T; payload: RequestOf<T> };
}[K];

/** What the background forwards to the offscreen document. */
export type OffscreenMessage<K extends MessageType = MessageType> = RouterMessage<K> & {
  target: 'offscreen';
};

/** A handler per message name, typed from the map; the background and the offscreen page use it. */
export type MessageHandlers = { [K in MessageType]: (payload: RequestOf<K>) => Promise<ResponseOf<K>> };

const MESSAGE_TYPES: Record<MessageType, true> = { status: true, lookup: true, lookupBatch: true };

function hasMessageShape(value: unknown): value is { type: MessageType; payload: unknown; target?: unknown } {
  if (typeof value !== 'object' || value === null) return false;
  const { type } = value as { type?: unknown };
  return typeof type === 'string' && Object.hasOwn(MESSAGE_TYPES, type) && 'payload' in value;
}

/** A message for the background router (not one already addressed to the offscreen document). */
export function isRouterMessage(value: unknown): value is RouterMessage {
  return hasMessageShape(value) && value.target === undefined;
}

export function isOffscreenMessage(value: unknown): value is OffscreenMessage {
  return hasMessageShape(value) && value.target === 'offscreen';
}

/** Calls the handler for a message's name; the response type follows the message. */
export function dispatch<K extends MessageType>(
  handlers: MessageHandlers,
  message: RouterMessage<K>,
): Promise<ResponseOf<K>> {
  const handler: (payload: RequestOf<K>) => Promise<ResponseOf<K>> = handlers[message.type];
  return handler(message.payload);
}

/**
 * The `browser.storage.local` key that holds the engine's results version (a number, no personal
 * data). Extension pages write it after every change; content scripts and other pages listen to
 * `storage.onChanged` and refresh when it moves.
 */
export const RESULTS_VERSION_KEY = 'resultsVersion';

/**
 * Set (to the time in ms) by extension pages after every change, including those that leave the
 * results as they were (the first import, before anything is linked): other dashboards refresh on
 * it. Content scripts need only RESULTS_VERSION_KEY.
 */
export const WORKSPACE_CHANGED_KEY = 'workspaceChangedAt';
