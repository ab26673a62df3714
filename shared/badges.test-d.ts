// Type-level tests, checked by `tsc --noEmit`: the overlay's messages carry what the map says, and
// the offscreen page is not asked to answer what the background answers itself.
import { expectTypeOf } from 'vitest';
import type { BadgeRequestRow, DetailsRequest, RowBadges } from './badges';
import type { MessageHandlers, RequestOf, ResponseOf, RouterMessage } from './messages';
import type { Outcome } from './workspace';

expectTypeOf<RequestOf<'badges'>>().toEqualTypeOf<BadgeRequestRow[]>();
expectTypeOf<ResponseOf<'badges'>>().toEqualTypeOf<Outcome<RowBadges[]>>();
expectTypeOf<RequestOf<'openDetails'>>().toEqualTypeOf<DetailsRequest>();
expectTypeOf<MessageHandlers>().toHaveProperty('badges');
expectTypeOf<MessageHandlers>().not.toHaveProperty('openDetails');

export const withoutRef: RouterMessage<'badges'> = {
  type: 'badges',
  // @ts-expect-error a badges message carries rows, each with the content script's handle
  payload: [{ query: { recordId: 'B1' } }],
};
