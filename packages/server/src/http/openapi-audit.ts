// The OpenAPI paths of risk-limiting audits, kept apart from the core API's so that each area
// edits its own file. docs/audits.md describes every step and what it records on the ledger.

const errorBody = {
  content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
};
const auditParam = {
  name: 'auditId',
  in: 'path',
  required: true,
  description: 'Audit id',
  schema: { type: 'string' },
};
const roundParam = {
  name: 'round',
  in: 'path',
  required: true,
  description: 'Round number, from 1',
  schema: { type: 'integer', minimum: 1 },
};
const countyParam = {
  name: 'county',
  in: 'query',
  required: true,
  description: 'The county of the list',
  schema: { type: 'string' },
};
const needsAudit =
  'Needs the `audit` permission (state administrator or auditor): `Authorization: Bearer …`, or a signed-in session with `X-CSRF-Token`.';
const view = { description: 'The audit as it stands (`AuditView`)' };
const refusals = {
  '400': { description: 'Not a valid request', ...errorBody },
  '401': { description: 'Not signed in', ...errorBody },
  '403': { description: 'The role (or the account’s counties) does not allow it', ...errorBody },
  '404': { description: 'No such audit', ...errorBody },
  '409': { description: 'Not at this step of the audit', ...errorBody },
  '422': {
    description:
      'The file has problems (`details.problems`: line or JSON path, field, reason); nothing stored',
    ...errorBody,
  },
};
const json = (schema: unknown) => ({
  required: true,
  content: { 'application/json': { schema } },
});
const csv = (description: string) => ({
  required: true,
  description,
  content: { 'text/csv': { schema: { type: 'string' } } },
});
const location = {
  type: 'object',
  required: ['county', 'batch'],
  properties: {
    county: { type: 'string' },
    tabulator: { type: ['string', 'null'] },
    batch: { type: 'string' },
  },
};

/** The audit paths, spread into the document's `paths`. */
export const auditPaths = {
  '/api/elections/{id}/audits': {
    get: {
      summary: 'The audits of an election',
      parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
      responses: { '200': { description: 'Audits, oldest first' } },
    },
    post: {
      summary: 'Create an audit',
      description: `Methods: bravo, alpha-polling (ballot polling); supersimple, alpha-comparison (ballot comparison against CVRs); macro (batch comparison; with several contests one combined test, and each contest's own MACRO risk shown). The reported results are taken from the election's tallies. ${needsAudit}`,
      parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
      requestBody: json({
        type: 'object',
        required: ['name', 'riskLimit', 'method', 'contests'],
        properties: {
          name: { type: 'string' },
          riskLimit: { type: 'integer', minimum: 1, maximum: 20, description: 'Percent' },
          method: {
            type: 'string',
            enum: ['bravo', 'alpha-polling', 'supersimple', 'alpha-comparison', 'macro'],
          },
          contests: { type: 'array', items: { type: 'string' }, minItems: 1 },
          estimator: {
            description:
              'ALPHA only. How η is chosen: fixed (eta, more than 1/2 and below the assorter bound), shrink-trunc (d draws, default 100; eta0 a number or "reported", the default; the polling default), optimal-comparison (p2, default 1e-5; comparison only, its default).',
            oneOf: [
              {
                type: 'object',
                required: ['kind', 'eta'],
                properties: { kind: { const: 'fixed' }, eta: { type: 'number' } },
              },
              {
                type: 'object',
                required: ['kind'],
                properties: {
                  kind: { const: 'shrink-trunc' },
                  d: { type: 'integer', minimum: 1 },
                  eta0: { oneOf: [{ const: 'reported' }, { type: 'number' }] },
                },
              },
              {
                type: 'object',
                required: ['kind'],
                properties: { kind: { const: 'optimal-comparison' }, p2: { type: 'number' } },
              },
            ],
          },
          supermajority: {
            type: 'object',
            description:
              'ALPHA only. Contest id → the share of valid votes its reported winner must exceed, as "2/3" or { numerator, denominator } (at least 1/2, below 1); tested with the supermajority assorter.',
            additionalProperties: {
              oneOf: [
                { type: 'string', example: '2/3' },
                {
                  type: 'object',
                  required: ['numerator', 'denominator'],
                  properties: {
                    numerator: { type: 'integer' },
                    denominator: { type: 'integer' },
                  },
                },
              ],
            },
          },
        },
      }),
      responses: { '201': view, ...refusals },
    },
  },
  '/api/audits/{auditId}': {
    get: { summary: 'An audit', parameters: [auditParam], responses: { '200': view } },
  },
  '/api/audits/{auditId}/manifest': {
    post: {
      summary: 'Import the ballot manifest',
      description: needsAudit,
      parameters: [auditParam],
      requestBody: csv('Columns county, tabulator (optional), batch, ballots'),
      responses: { '200': view, ...refusals },
    },
  },
  '/api/audits/{auditId}/cvrs': {
    post: {
      summary: 'Import cast vote records (comparison audits)',
      description: `A NIST SP 1500-103 CastVoteRecordReport (JSON), or a CSV with county, tabulator, batch, position and one column per contest id. ${needsAudit}`,
      parameters: [auditParam],
      requestBody: {
        required: true,
        content: {
          'application/json': { schema: { type: 'object' } },
          'text/csv': { schema: { type: 'string' } },
        },
      },
      responses: { '200': view, ...refusals },
    },
  },
  '/api/audits/{auditId}/batch-tallies': {
    post: {
      summary: 'Import reported batch tallies (MACRO)',
      description: needsAudit,
      parameters: [auditParam],
      requestBody: csv('Columns county, tabulator (optional), batch, contest, choice, votes'),
      responses: { '200': view, ...refusals },
    },
  },
  '/api/audits/{auditId}/seed': {
    post: {
      summary: 'Record the public random seed (20 or more digits)',
      description: needsAudit,
      parameters: [auditParam],
      requestBody: json({
        type: 'object',
        required: ['seed'],
        properties: { seed: { type: 'string', pattern: '^\\d{20,}$' } },
      }),
      responses: { '200': view, ...refusals },
    },
  },
  '/api/audits/{auditId}/sample-sizes': {
    get: {
      summary: "The next round's size options",
      parameters: [auditParam],
      responses: { '200': { description: '`{ next, nextRound }`' } },
    },
  },
  '/api/audits/{auditId}/rounds': {
    post: {
      summary: 'Draw the next round',
      description: needsAudit,
      parameters: [auditParam],
      requestBody: json({
        oneOf: [
          { type: 'object', required: ['option'], properties: { option: { type: 'string' } } },
          {
            type: 'object',
            required: ['sampleSize'],
            properties: { sampleSize: { type: 'integer', minimum: 1 } },
          },
        ],
      }),
      responses: { '201': view, ...refusals },
    },
  },
  '/api/audits/{auditId}/rounds/{round}/retrieval': {
    get: {
      summary: "A county's retrieval list for a round",
      parameters: [
        auditParam,
        roundParam,
        countyParam,
        { name: 'format', in: 'query', schema: { type: 'string', enum: ['json', 'csv', 'html'] } },
      ],
      responses: {
        '200': { description: 'Ballots (position 0: a whole batch) with ticket and times drawn' },
      },
    },
  },
  '/api/audits/{auditId}/rounds/{round}/ballots': {
    get: {
      summary: "A county's list for a round with what the audit board has recorded",
      parameters: [auditParam, roundParam, countyParam],
      responses: {
        '200': {
          description: 'Retrieval rows with ballotKey, interpretation (ballots) or tally (batches)',
        },
      },
    },
  },
  '/api/audits/{auditId}/entries': {
    post: {
      summary: 'Record audit-board readings of sampled ballots',
      description: needsAudit,
      parameters: [auditParam],
      requestBody: json({
        type: 'object',
        required: ['entries'],
        properties: {
          entries: {
            type: 'array',
            minItems: 1,
            maxItems: 5000,
            items: {
              type: 'object',
              required: ['ballot', 'interpretation'],
              properties: {
                ballot: {
                  oneOf: [
                    {
                      type: 'object',
                      required: ['ballotKey'],
                      properties: { ballotKey: { type: 'string' } },
                    },
                    {
                      ...location,
                      required: ['county', 'batch', 'position'],
                      properties: {
                        ...location.properties,
                        position: { type: 'integer', minimum: 1 },
                      },
                    },
                  ],
                },
                interpretation: {
                  oneOf: [
                    {
                      type: 'object',
                      required: ['kind'],
                      properties: { kind: { const: 'not-found' } },
                    },
                    {
                      type: 'object',
                      required: ['kind', 'votes'],
                      properties: {
                        kind: { const: 'found' },
                        votes: {
                          type: 'object',
                          additionalProperties: { type: 'array', items: { type: 'string' } },
                        },
                      },
                    },
                  ],
                },
              },
            },
          },
        },
      }),
      responses: { '200': view, ...refusals },
    },
  },
  '/api/audits/{auditId}/batch-entries': {
    post: {
      summary: 'Record audit-board hand tallies of sampled batches (MACRO)',
      description: needsAudit,
      parameters: [auditParam],
      requestBody: json({
        type: 'object',
        required: ['entries'],
        properties: {
          entries: {
            type: 'array',
            minItems: 1,
            maxItems: 5000,
            items: {
              type: 'object',
              required: ['batch', 'votes'],
              properties: {
                batch: {
                  oneOf: [
                    {
                      type: 'object',
                      required: ['batchKey'],
                      properties: { batchKey: { type: 'string' } },
                    },
                    location,
                  ],
                },
                votes: {
                  type: 'object',
                  description: 'contest id → choice id → votes counted by hand',
                  additionalProperties: {
                    type: 'object',
                    additionalProperties: { type: 'integer', minimum: 0 },
                  },
                },
              },
            },
          },
        },
      }),
      responses: { '200': view, ...refusals },
    },
  },
  '/api/audits/{auditId}/hand-counts': {
    post: {
      summary: 'Record the full hand count of a contest',
      description: needsAudit,
      parameters: [auditParam],
      requestBody: json({
        type: 'object',
        required: ['contest', 'votes'],
        properties: {
          contest: { type: 'string' },
          votes: { type: 'object', additionalProperties: { type: 'integer', minimum: 0 } },
        },
      }),
      responses: { '200': view, ...refusals },
    },
  },
  '/api/audits/{auditId}/steps': {
    get: {
      summary: "The audit's ledger records, every step with its inputs",
      parameters: [auditParam],
      responses: { '200': { description: 'Ledger records (kind audit-step), in order' } },
    },
  },
};
