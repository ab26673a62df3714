/**
 * The reviewer's name, recorded with each decision. There are no user profiles yet, so it is a
 * setting of this browser (chrome.storage.local, a versioned WXT item), remembered between
 * sessions and defaulting to "data officer".
 */
import { storage } from 'wxt/utils/storage';

export const DEFAULT_REVIEWER = 'data officer';

const reviewerName = storage.defineItem<string>('local:reviewerName', {
  fallback: DEFAULT_REVIEWER,
  version: 1,
});

export const loadReviewer = (): Promise<string> => reviewerName.getValue();

export async function saveReviewer(name: string): Promise<void> {
  await reviewerName.setValue(name.trim() || DEFAULT_REVIEWER);
}
