// Type-level tests, checked by `tsc --noEmit` (npm run check): the message map decides what each
// message carries and what comes back.
import { expectTypeOf } from 'vitest';
import type { WorkspaceStatus } from '../engine/api/engine-api';
import { dispatch, type MessageHandlers, type ResponseOf, type RouterMessage } from './messages';
import type { LookupResult, Outcome } from './workspace';

expectTypeOf<ResponseOf<'status'>>().toEqualTypeOf<Outcome<WorkspaceStatus>>();
expectTypeOf<ResponseOf<'lookupBatch'>>().toEqualTypeOf<Outcome<LookupResult[]>>();

declare const handlers: MessageHandlers;
expectTypeOf(dispatch(handlers, { type: 'lookup', payload: { recordId: 'B1' } })).resolves.toEqualTypeOf<
  Outcome<LookupResult>
>();

// @ts-expect-error a lookup carries one query, not a list
export const wrongPayload: RouterMessage<'lookup'> = { type: 'lookup', payload: [] };
// @ts-expect-error there is no such message
export const unknownType: RouterMessage = { type: 'wipe', payload: null };
