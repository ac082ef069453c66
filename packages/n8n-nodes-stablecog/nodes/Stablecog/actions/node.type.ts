/**
 * The resources of the Stablecog node and the operations of each, typed as n8n's own vendor nodes
 * type theirs (the OpenAI node's `actions/node.type.ts`): a resource paired with an operation it
 * does not have is a type error.
 */
import type { AllEntities } from 'n8n-workflow';

/** Resource → its operations. */
export type NodeMap = {
	account: 'getCredits';
	image: 'generate' | 'upscale';
	model: 'getMany';
	output: 'getMany';
};

/** One valid resource and operation pair. */
export type StablecogType = AllEntities<NodeMap>;
