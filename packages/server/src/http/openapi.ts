import { z } from 'zod';
import { ElectionDefinitionSchema } from '@canvass/core';
import {
  ElectionSummarySchema,
  ErrorBodySchema,
  JsonSubmissionSchema,
  ResultsDocumentSchema,
  ResultsEventSchema,
  SubmissionSchema,
} from './schemas.ts';
import { partnerPaths } from './openapi-partner.ts';
import { recountPaths } from './openapi-recount.ts';
import { auditPaths } from './openapi-audit.ts';

const schemas = {
  ElectionSummary: ElectionSummarySchema,
  ElectionDefinition: ElectionDefinitionSchema,
  ResultsDocument: ResultsDocumentSchema,
  JsonSubmission: JsonSubmissionSchema,
  Submission: SubmissionSchema,
  ResultsEvent: ResultsEventSchema,
  Error: ErrorBodySchema,
} as const;

const ref = (name: keyof typeof schemas) => ({ $ref: `#/components/schemas/${name}` });
const json = (name: keyof typeof schemas) => ({
  content: { 'application/json': { schema: ref(name) } },
});
const errors = {
  '404': { description: 'Unknown election, contest or county', ...json('Error') },
};
const idParam = { name: 'id', in: 'path', required: true, schema: { type: 'string' } };
const cached = { '304': { description: 'Not modified (If-None-Match matched the ETag)' } };

let memo: unknown = null;

/** The OpenAPI 3.1 description of the API, with component schemas generated from the zod schemas. */
export function openApiDocument(): unknown {
  memo ??= {
    openapi: '3.1.0',
    info: {
      title: 'Canvass API',
      version: '1',
      description: 'Election results: definitions, live results, submissions and the event stream.',
    },
    paths: {
      '/api/elections': {
        get: {
          summary: 'List elections',
          responses: {
            '200': {
              description: 'Elections',
              content: {
                'application/json': { schema: { type: 'array', items: ref('ElectionSummary') } },
              },
            },
          },
        },
      },
      '/api/elections/{id}': {
        get: {
          summary: 'Election definition',
          parameters: [idParam],
          responses: {
            '200': { description: 'Definition, its hash and the current version' },
            ...errors,
          },
        },
      },
      '/api/elections/{id}/definition': {
        put: {
          summary: 'Create an election or extend its definition (admin)',
          parameters: [idParam],
          requestBody: json('ElectionDefinition'),
          responses: {
            '200': { description: 'Updated or unchanged' },
            '201': { description: 'Created' },
            '409': { description: 'Would remove units, contests or choices', ...json('Error') },
          },
        },
      },
      '/api/elections/{id}/results': {
        get: {
          summary: 'Every contest, with versions and ETags',
          parameters: [idParam],
          responses: {
            '200': { description: 'Results', ...json('ResultsDocument') },
            ...cached,
            ...errors,
          },
        },
      },
      '/api/elections/{id}/history': {
        get: {
          summary: 'Each contest’s standing at every version',
          parameters: [idParam],
          responses: { '200': { description: 'History' }, ...cached, ...errors },
        },
      },
      '/api/elections/{id}/contests/{contestId}': {
        get: {
          summary: 'One contest with per-county results',
          parameters: [
            idParam,
            { name: 'contestId', in: 'path', required: true, schema: { type: 'string' } },
          ],
          responses: {
            '200': { description: 'Contest', ...json('ResultsDocument') },
            ...cached,
            ...errors,
          },
        },
      },
      '/api/elections/{id}/contests/{contestId}/counties/{county}': {
        get: {
          summary: 'One contest’s per-precinct results in a county',
          parameters: [
            idParam,
            { name: 'contestId', in: 'path', required: true, schema: { type: 'string' } },
            { name: 'county', in: 'path', required: true, schema: { type: 'string' } },
          ],
          responses: { '200': { description: 'Precincts' }, ...cached, ...errors },
        },
      },
      '/api/elections/{id}/submissions': {
        get: {
          summary: 'Every accepted submission',
          parameters: [idParam],
          responses: {
            '200': {
              description: 'Submissions',
              content: {
                'application/json': { schema: { type: 'array', items: ref('Submission') } },
              },
            },
          },
        },
        post: {
          summary: 'Submit results (admin): an OpenElections CSV body (text/csv) or JSON rows',
          parameters: [
            idParam,
            { name: 'filename', in: 'query', schema: { type: 'string' } },
            { name: 'onDuplicate', in: 'query', schema: { enum: ['error', 'sum', 'first'] } },
            { name: 'onCountyTotal', in: 'query', schema: { enum: ['error', 'skip'] } },
          ],
          requestBody: {
            content: {
              'text/csv': { schema: { type: 'string' } },
              'application/json': { schema: ref('JsonSubmission') },
            },
          },
          responses: {
            '201': { description: 'Accepted' },
            '200': { description: 'Duplicate of an accepted submission; nothing changed' },
            '401': json('Error'),
            '413': json('Error'),
            '422': {
              description: 'Rejected whole, with every error (file, line, column, reason)',
              ...json('Error'),
            },
          },
        },
      },
      '/api/elections/{id}/events': {
        get: {
          summary:
            'Server-Sent Events: one `results` event per version (data: ResultsEvent); resume with Last-Event-ID',
          parameters: [idParam],
          responses: {
            '200': {
              description: 'text/event-stream',
              content: { 'text/event-stream': { schema: ref('ResultsEvent') } },
            },
          },
        },
      },
      ...partnerPaths,
      ...recountPaths,
      ...auditPaths,
    },
    components: {
      schemas: Object.fromEntries(
        Object.entries(schemas).map(([name, schema]) => [
          name,
          z.toJSONSchema(schema, { unrepresentable: 'any' }),
        ]),
      ),
    },
  };
  return memo;
}
