import { browser } from 'wxt/browser';
import type { OffscreenMessage, ResponseOf, RouterMessage } from '../../../shared/messages';
import { EngineLostError, failure } from '../../engine/errors';
import { ensureOffscreen } from './offscreen';

/**
 * Forwards a message from a content script or page to the offscreen document and returns its
 * answer. Never rejects: a failure comes back as an Outcome the sender can show.
 */
export async function route<K extends RouterMessage['type']>(
  message: RouterMessage<K>,
): Promise<ResponseOf<K>> {
  try {
    await ensureOffscreen();
    const forwarded: OffscreenMessage<K> = { ...message, target: 'offscreen' };
    const response: ResponseOf<K> | undefined = await browser.runtime.sendMessage(forwarded);
    if (response === undefined) throw new EngineLostError('The throughline engine host did not answer.');
    return response;
  } catch (error) {
    return failure(error) as ResponseOf<K>;
  }
}
