// The OpenAPI paths of recounts, kept apart from the core API's so that each area edits its own
// file. The results documents' `recount` section is in the ResultsDocument schema.

const errorBody = {
  content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
};
const path = (name: string, description: string) => ({
  name,
  in: 'path',
  required: true,
  description,
  schema: { type: 'string' },
});
const query = (name: string, description: string) => ({
  name,
  in: 'query',
  description,
  schema: { type: 'string' },
});
const recordSchema = {
  type: 'object',
  required: ['id', 'electionId', 'contestId', 'format', 'sourceName', 'sourceSha256', 'units'],
  properties: {
    id: { type: 'integer' },
    electionId: { type: 'string' },
    contestId: { type: 'string' },
    definitionHash: { type: 'string' },
    format: { type: 'string' },
    sourceName: { type: 'string' },
    sourceSha256: { type: 'string' },
    byteSize: { type: 'integer' },
    submittedBy: { type: 'string' },
    submittedAt: { type: 'string' },
    units: { type: 'integer', description: 'Units the recount counted' },
  },
};

/** The recount paths, spread into the document's `paths`. */
export const recountPaths = {
  '/api/elections/{id}/contests/{contestId}/recounts': {
    post: {
      summary: 'Record a recount of a contest',
      description:
        'The body is a results file in any supported format (OpenElections CSV, NIST SP 1500-100 JSON or XML) holding the recount of this contest. It is kept beside the original count (never replacing it) and recorded in the ledger as a `recount` record. Needs a state administrator: `Authorization: Bearer …`.',
      parameters: [
        path('id', 'Election id'),
        path('contestId', 'The contest recounted'),
        query('filename', 'The file name, for messages and the record'),
        query('format', 'openelections | nist-json | nist-xml (default: told from the content)'),
      ],
      requestBody: {
        required: true,
        content: {
          'text/csv': { schema: { type: 'string' } },
          'application/octet-stream': { schema: { type: 'string', format: 'binary' } },
        },
      },
      responses: {
        '201': { description: 'Recorded: `{ status, recount, ledger: { sequence, hash } }`' },
        '200': { description: 'The same file was already recorded: `{ status, recount }`' },
        '401': { description: 'No credentials', ...errorBody },
        '422': {
          description: 'Refused with every error (file, line, column, reason)',
          ...errorBody,
        },
      },
    },
  },
  '/api/elections/{id}/recounts': {
    get: {
      summary: "An election's recorded recounts",
      parameters: [path('id', 'Election id'), query('contest', 'Only this contest')],
      responses: {
        '200': {
          description: 'Recounts, oldest first',
          content: { 'application/json': { schema: { type: 'array', items: recordSchema } } },
        },
        '404': { description: 'Unknown election', ...errorBody },
      },
    },
  },
  '/api/elections/{id}/recounts/{recountId}/comparison': {
    get: {
      summary: 'A recount compared with the original count',
      description:
        'Every precinct whose counts differ, every county with a recounted precinct, the contest totals with the recount in place of the original, the winners before and after, and `outcomeChanged`.',
      parameters: [path('id', 'Election id'), path('recountId', 'Recount id')],
      responses: {
        '200': { description: '`{ recount, comparison }`' },
        '404': { description: 'Unknown election or recount', ...errorBody },
      },
    },
  },
};
