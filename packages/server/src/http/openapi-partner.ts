// The OpenAPI paths of the partner channels (AP-style feed, webhooks, versioned results), kept
// apart from the core API's so that each area edits its own file.

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
const query = (name: string, description: string, schema: object = { type: 'string' }) => ({
  name,
  in: 'query',
  description,
  schema,
});
const bearer = 'Needs a partner (or state administrator) API token: `Authorization: Bearer …`.';

const apCandidate = {
  type: 'object',
  required: ['candidateID', 'polID', 'first', 'last', 'ballotOrder', 'voteCount'],
  properties: {
    candidateID: { type: 'string' },
    polID: { type: 'string' },
    first: { type: 'string' },
    last: { type: 'string' },
    party: { type: 'string', description: 'Dem, GOP, Lib, Grn, Ind, NP, or as defined' },
    ballotOrder: { type: 'integer' },
    voteCount: { type: 'integer' },
    winner: { enum: ['X', 'R'], description: 'X winner, R advances to a runoff; absent otherwise' },
    winnerDateTime: { type: 'string', format: 'date-time' },
    writeIn: { const: true },
  },
};
const apUnit = {
  type: 'object',
  required: [
    'statePostal',
    'level',
    'reportingunitID',
    'reportingunitName',
    'lastUpdated',
    'precinctsReporting',
    'precinctsTotal',
    'precinctsReportingPct',
    'candidates',
  ],
  properties: {
    statePostal: { type: ['string', 'null'] },
    stateName: { type: 'string' },
    level: { enum: ['state', 'county'] },
    reportingunitID: { type: 'string' },
    reportingunitName: { type: 'string' },
    fipsCode: { type: 'string' },
    lastUpdated: { type: 'string', format: 'date-time' },
    precinctsReporting: { type: 'integer' },
    precinctsTotal: { type: 'integer' },
    precinctsReportingPct: { type: 'number', description: '0-100, two decimals' },
    eevp: { type: 'number', description: 'Expected vote percentage, 0-100; only when known' },
    candidates: { type: 'array', items: apCandidate },
  },
};
const apFeed = {
  type: 'object',
  required: ['electionDate', 'timestamp', 'nextrequest', 'version', 'races'],
  properties: {
    electionDate: { type: 'string', format: 'date' },
    timestamp: { type: 'string', format: 'date-time' },
    nextrequest: { type: 'string', description: 'Poll this URL verbatim for what changed next' },
    version: { type: 'integer' },
    races: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          test: { const: false },
          raceID: { type: 'string' },
          raceType: { type: 'string' },
          raceTypeID: { type: 'string' },
          officeID: { type: 'string', description: 'P, S, H, G, L, I (ballot issue), Y (other)' },
          officeName: { type: 'string' },
          seatName: { type: 'string' },
          party: { type: 'string', description: 'The party of a primary' },
          description: { type: 'string' },
          uncontested: { type: 'boolean' },
          numWinners: { type: 'integer' },
          eevp: { type: 'number' },
          raceCallStatus: { enum: ['Called', 'Uncontested', 'Not Called'] },
          tabulationStatus: {
            enum: ['Not Yet Tabulated', 'Active Tabulation', 'Tabulation Complete'],
          },
          lastUpdated: { type: 'string', format: 'date-time' },
          reportingUnits: { type: 'array', items: apUnit },
        },
      },
    },
  },
};

/** OpenAPI path items of the partner channels. */
export const partnerPaths = {
  '/api/feeds/ap/{electionId}': {
    get: {
      summary: 'AP Elections API-style feed of races, reporting units and candidates',
      parameters: [
        path('electionId', 'Election id'),
        query('since', 'Only races changed after this version (from `nextrequest`)', {
          type: 'integer',
          minimum: 0,
        }),
        query('minDateTime', 'Only races changed after this ISO 8601 time (with a zone)'),
        query('level', 'state: statewide only; ru (default): the state and every county', {
          enum: ['state', 'ru'],
        }),
        query('raceID', 'Comma-separated race ids'),
      ],
      responses: {
        '200': { description: 'The feed', content: { 'application/json': { schema: apFeed } } },
        '304': { description: 'Not modified (If-None-Match matched the ETag)' },
        '400': { description: 'A bad parameter, with the reason', ...errorBody },
        '404': { description: 'Unknown election', ...errorBody },
      },
    },
  },
  '/api/elections/{id}/versions/{version}': {
    get: {
      summary: 'The results document as it stood at one published version',
      parameters: [path('id', 'Election id'), path('version', 'Version number (1 = first)')],
      responses: {
        '200': {
          description: 'Results at that version',
          content: {
            'application/json': { schema: { $ref: '#/components/schemas/ResultsDocument' } },
          },
        },
        '404': { description: 'Unknown election or version', ...errorBody },
      },
    },
  },
  '/api/webhooks': {
    get: {
      summary: `Your webhook endpoints. ${bearer}`,
      responses: { '200': { description: 'Endpoints' } },
    },
    post: {
      summary: `Register a webhook endpoint; the response holds its signing secret, shown once. ${bearer}`,
      requestBody: {
        content: {
          'application/json': {
            schema: {
              type: 'object',
              required: ['url'],
              properties: {
                url: { type: 'string', format: 'uri' },
                events: {
                  type: 'array',
                  items: {
                    enum: ['results.version', 'race.call', 'recount.status', 'audit.round', '*'],
                  },
                },
                description: { type: 'string' },
              },
            },
          },
        },
      },
      responses: {
        '201': { description: 'Registered (with `secret`)' },
        '400': { description: 'Bad URL or event type', ...errorBody },
        '403': { description: 'Not a partner', ...errorBody },
      },
    },
  },
  '/api/webhooks/{id}': {
    delete: {
      summary: `Remove an endpoint; pending deliveries are cancelled, the log is kept. ${bearer}`,
      parameters: [path('id', 'Endpoint id')],
      responses: {
        '200': { description: 'Removed' },
        '404': { description: 'Not yours', ...errorBody },
      },
    },
  },
  '/api/webhooks/{id}/deliveries': {
    get: {
      summary: `An endpoint's delivery log, newest first, with every attempt. ${bearer}`,
      parameters: [
        path('id', 'Endpoint id'),
        query('limit', 'At most this many (1-500, default 100)', { type: 'integer' }),
        query('before', 'Only deliveries with a smaller id (paging back)', { type: 'integer' }),
      ],
      responses: {
        '200': { description: 'Deliveries' },
        '404': { description: 'Not yours', ...errorBody },
      },
    },
  },
  '/api/webhooks/events': {
    get: {
      summary: `Every published partner event after a sequence number, oldest first, to catch up. ${bearer}`,
      parameters: [
        query('after', 'Sequence number last processed (0 for all)', { type: 'integer' }),
        query('limit', 'At most this many (1-500, default 100)', { type: 'integer' }),
        query('election', 'Only this election'),
      ],
      responses: { '200': { description: '`{ events: [{ sequence, event }], next }`' } },
    },
  },
} as const;
