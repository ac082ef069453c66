/**
 * Connecting a Stablecog account: one API key, checked by reading the credit balance (free, and it
 * needs a valid key). The connection is labelled with that balance, never with any part of the key.
 */
import type { Authentication, Bundle, ZObject } from 'zapier-platform-core';
import { operations } from '@stablecog/client/core';
import { stepClient } from './client';
import { withZapierErrors } from './errors';

async function test(z: ZObject, bundle: Bundle) {
  const credits = await stepClient(z, bundle).read(operations.credits, undefined);
  return { total_remaining_credits: credits.total_remaining_credits };
}

/** "1,391 credits when connected": tells accounts apart without revealing anything secret. */
async function connectionLabel(_z: ZObject, bundle: Bundle): Promise<string> {
  const credits = Number(bundle.inputData.total_remaining_credits);
  return Number.isFinite(credits) ? `${credits.toLocaleString('en-US')} credits when connected` : 'Stablecog account';
}

export const authentication: Authentication = {
  type: 'custom',
  fields: [
    {
      key: 'api_token',
      label: 'API Key',
      type: 'password',
      required: true,
      helpText:
        'Your Stablecog API key: it starts with `sc-`. Create one at ' +
        '[stablecog.com/account/api-keys](https://stablecog.com/account/api-keys) and paste it here.',
    },
  ],
  test: withZapierErrors(test),
  connectionLabel,
};
