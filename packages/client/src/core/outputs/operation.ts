/** `GET /v1/image/generation/outputs`: one page of the history, and the checks of its queries. */
import { errorFields, getRequest, parser, same, type Operation } from '../http/operation';
import { validate } from '../validation';
import {
  FindOutputsQuerySchema,
  OutputsPageSchema,
  OutputsQuerySchema,
  type FindOutputsParams,
  type FindOutputsQuery,
  type OutputsPage,
  type OutputsParams,
  type OutputsQuery,
} from './schema';

/** Checks an outputs query. */
export function validateOutputsQuery(input: OutputsQuery = {}): OutputsParams {
  return validate(OutputsQuerySchema, input, 'listOutputs');
}

/** Checks the criteria of `outputs.find` (`since` becomes epoch milliseconds). */
export function validateFindOutputsQuery(input: FindOutputsQuery): FindOutputsParams {
  return validate(FindOutputsQuerySchema, input, 'listOutputs');
}

/** The query parameter each server error of the outputs list is about. */
const LIST_ERROR_FIELDS = errorFields(
  [
    [/^per_page/i, 'per_page'],
    [/^cursor/i, 'cursor'],
    [/^invalid model id/i, 'model_ids'],
    [/^invalid scheduler id/i, 'scheduler_ids'],
    [/^invalid gallery_status/i, 'gallery_status'],
    [/^invalid order/i, 'order'],
  ],
  () => '',
);

/** `GET /v1/image/generation/outputs`: one page of the history, newest first by default. */
export const listOutputs: Operation<OutputsQuery | undefined, OutputsPage> = {
  name: 'listOutputs',
  build(input, ctx) {
    const q = validateOutputsQuery(input);
    const join = (list: string[] | undefined) => list?.join(',');
    return getRequest('listOutputs', '/v1/image/generation/outputs', true, ctx, {
      per_page: q.per_page,
      cursor: q.cursor,
      model_ids: join(q.model_ids),
      scheduler_ids: join(q.scheduler_ids),
      gallery_status: join(q.gallery_status),
      is_favorited: q.is_favorited,
      aspect_ratio: join(q.aspect_ratio),
      search: q.search,
      order: q.order,
    });
  },
  parse: parser(OutputsPageSchema, 'a page of outputs', same, LIST_ERROR_FIELDS),
};
