/**
 * The runtime messages between extension contexts, as one map from message name to request and
 * response types. Content scripts and pages send `{ type, payload }` to the background, which
 * forwards it to the offscreen document as `{ target: 'offscreen', type, payload }`; the offscreen
 * document asks the engine and answers. Runtime messaging is JSON (no typed arrays, Maps or Dates,
 * 64 MiB at most), so only small queries and plain results travel here: files go to the engine
 * over Comlink, from extension pages only.
 */
import type { WorkspaceStatus } from '../engine/api/engine-api';
import type { BadgeRequestRow, DetailsRequest, RowBadges } from './badges';
import type { LookupQuery, LookupResult, Outcome } from './workspace';

export interface MessageMap {
  status: { request: null; response: Outcome<WorkspaceStatus> };
  lookup: { request: LookupQuery; response: Outcome<LookupResult> };
  lookupBatch: { request: LookupQuery[]; response: Outcome<LookupResult[]> };
  /** The overlay's rows, one batch a message; answered with labels only (shared/badges.ts). */
  badges: { request: BadgeRequestRow[]; response: Outcome<RowBadges[]> };
  /** A badge was clicked: show the row's details in the side panel (a tab where it cannot open). */
  openDetails: { request: DetailsRequest; response: Outcome<{ shownIn: 'side-panel' | 'tab' }> };
}

/**
 * Messages the background answers itself rather than forwarding: `openDetails` needs the sender's
 * tab and the click's user gesture, which last only within the background's own handler.
 */
export const BACKGROUND_MESSAGES = ['openDetails'] as const;
export type BackgroundMessageType = (typeof BACKGROUND_MESSAGES)[number];
/** Messages the offscreen document answers from the engine. */
export type EngineMessageType = Exclude<keyof MessageMap, BackgroundMessageType>;

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

/** A handler per message the offscreen page answers, typed from the map. */
export type MessageHandlers = { [K in EngineMessageType]: (payload: RequestOf<K>) => Promise<ResponseOf<K>> };

const MESSAGE_TYPES: Record<MessageType, true> = {
  status: true,
  lookup: true,
  lookupBatch: true,
  badges: true,
  openDetails: true,
};

function hasMessageShape(value: unknown): value is { type: MessageType; payload: unknown; target?: unknown } {
  if (typeof value !== 'object' || value === null) return false;
  const { type } = value as { type?: unknown };
  return typeof type === 'string' && Object.hasOwn(MESSAGE_TYPES, type) && 'payload' in value;
}

/** A message for the background router (not one already addressed to the offscreen document). */
export function isRouterMessage(value: unknown): value is RouterMessage {
  return hasMessageShape(value) && value.target === undefined;
}

export function isOffscreenMessage(value: unknown): value is OffscreenMessage<EngineMessageType> {
  return (
    hasMessageShape(value) &&
    value.target === 'offscreen' &&
    !(BACKGROUND_MESSAGES as readonly string[]).includes(value.type)
  );
}

/** Calls the handler for a message's name; the response type follows the message. */
export function dispatch<K extends EngineMessageType>(
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
