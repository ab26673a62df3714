import type { DetailsRequest } from '../../shared/badges';

/**
 * The `browser.storage.session` key where the background leaves the row a badge click asked about,
 * for the side panel. Session storage: in memory, cleared when the browser closes, and readable by
 * extension pages only (its default access level keeps content scripts out).
 */
export const DETAILS_SELECTION_KEY = 'overlay.details';

export interface DetailsSelection extends DetailsRequest {
  /** When the badge was clicked (ms); a repeated click on the same badge still changes the value. */
  at: number;
}
