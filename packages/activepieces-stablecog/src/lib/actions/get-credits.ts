/** Get Credits: the account's credit balance (free). */
import { createAction } from '@activepieces/pieces-framework';
import { execute, operations } from '@stablecog/client';
import { stablecogAuth } from '../auth';
import { runtimeFor } from '../common/client';
import { withPieceErrors } from '../common/errors';

export const getCredits = createAction({
  auth: stablecogAuth,
  name: 'get_credits',
  displayName: 'Get Credits',
  description: 'Returns your remaining Stablecog credits (free).',
  props: {},
  audience: 'both',
  aiMetadata: {
    description: 'Get the Stablecog account’s remaining credits (1 credit = 1 generated image). Free and read-only.',
    idempotent: true,
  },
  async run(context) {
    return await withPieceErrors({}, async () => await execute(operations.credits, undefined, runtimeFor(context.auth)));
  },
});
