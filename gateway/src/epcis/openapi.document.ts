import { DEFAULT_PER_PAGE, MAX_PER_PAGE } from './epcis-query.parser.js';

const listParam = (name: string, description: string): Record<string, unknown> => ({
  name,
  in: 'query',
  required: false,
  description: `${description} Several values: separate with | or repeat the parameter.`,
  schema: { type: 'string' },
});
const timeParam = (name: string, description: string): Record<string, unknown> => ({
  name,
  in: 'query',
  required: false,
  description,
  schema: { type: 'string', format: 'date-time' },
});

const problem = {
  description: 'RFC 9457 problem details naming the parameter and what was expected',
  content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
};
const linkHeaderDoc = { Link: { description: 'RFC 8288 links (GS1 link types, linkset, owl:sameAs)', schema: { type: 'string' } } };

/**
 * OpenAPI 3.1 description of the gateway's REST surface, written by hand: the routes are few and
 * the EPCIS parameter semantics need prose a generator would not write.
 */
export function openApiDocument(serverUrl: string): Record<string, unknown> {
  const gs1Path = {
    get: {
      summary: 'GS1-Conformant Resolver (1.2): resolve a GS1 Digital Link on this host',
      description:
        "Browsers (text/html) get the consumer page; application/json or application/ld+json, or ?linkType=gs1:traceability, get the object's anchored events (public fields); ?linkType=linkset or Accept: application/linkset+json the RFC 9264 linkset; ?linkType=gs1:verificationService the ledger verification of every step; ?linkType=gs1:certificationInfo redirects to the certificate. Any primary key of GS1 Digital Link 1.2 (01, 00, 414, 417, 8003, 8004, …) with its qualifiers.",
      parameters: [
        {
          name: 'path',
          in: 'path',
          required: true,
          description: 'the rest of the Digital Link path, e.g. 09520123456788/21/PX7K2M4Q9A',
          schema: { type: 'string' },
        },
        {
          name: 'linkType',
          in: 'query',
          required: false,
          schema: {
            type: 'string',
            examples: ['gs1:pip', 'gs1:traceability', 'gs1:certificationInfo', 'gs1:verificationService', 'linkset'],
          },
        },
      ],
      responses: {
        '200': {
          description: 'the page, the events, the linkset or the verification',
          headers: linkHeaderDoc,
          content: { 'text/html': {}, 'application/ld+json': {}, 'application/linkset+json': {}, 'application/json': {} },
        },
        '307': { description: 'redirect to the certificate (gs1:certificationInfo)' },
        '400': {
          ...problem,
          description: 'not a valid Digital Link: a wrong check digit, length or character, explained in words (HTML for browsers)',
        },
        '404': { ...problem, description: 'a valid key nobody registered or recorded' },
      },
    },
  };
  return {
    openapi: '3.1.0',
    info: {
      title: 'lotledger provenance gateway',
      version: '0.1.0',
      description: 'EPCIS 2.0 REST queries, the GS1 Digital Link resolver and QR codes over the anchored read model.',
    },
    servers: [{ url: serverUrl }],
    paths: {
      '/epcis/events': {
        get: {
          summary: 'EPCIS 2.0 SimpleEventQuery over anchored events',
          parameters: [
            listParam('eventType', 'ObjectEvent, AggregationEvent, TransactionEvent, TransformationEvent, AssociationEvent.'),
            timeParam('GE_eventTime', 'eventTime ≥ this instant.'),
            timeParam('LT_eventTime', 'eventTime < this instant.'),
            timeParam('GE_recordTime', 'recordTime ≥ this instant.'),
            timeParam('LT_recordTime', 'recordTime < this instant.'),
            listParam('EQ_action', 'ADD, OBSERVE or DELETE.'),
            listParam('EQ_bizStep', 'CBV bare word, CBV URI/URN or another URI.'),
            listParam('EQ_disposition', 'CBV bare word, CBV URI/URN or another URI.'),
            listParam(
              'EQ_persistentDisposition_set',
              'events whose persistentDisposition.set holds any of these dispositions (CBV bare word, CBV URI/URN or another URI).',
            ),
            listParam('EQ_readPoint', 'SGLN as EPC URI or Digital Link.'),
            listParam('EQ_bizLocation', 'SGLN as EPC URI or Digital Link.'),
            listParam(
              'MATCH_epc',
              'epcList and childEPCs. Every MATCH_ value is an EPC URI, a GS1 Digital Link (any host) or a one-key pattern with a wildcard serial (urn:epc:idpat:sgtin:9520123.000001.*); a pattern with wildcards in the company prefix or item reference is refused (400).',
            ),
            listParam('MATCH_parentID', 'parentID.'),
            listParam('MATCH_inputEPC', 'inputEPCList.'),
            listParam('MATCH_outputEPC', 'outputEPCList.'),
            listParam('MATCH_anyEPC', 'any EPC field.'),
            listParam('MATCH_epcClass', 'quantityList and childQuantityList classes (LGTIN class, GTIN, or one-GTIN pattern).'),
            listParam('MATCH_anyEPCClass', 'classes in any quantity list (quantityList, childQuantityList, input/outputQuantityList).'),
            listParam('EQ_eventID', 'eventID, or the hash ID shown as eventID for events captured without one.'),
            {
              name: 'perPage',
              in: 'query',
              required: false,
              schema: { type: 'integer', minimum: 1, maximum: MAX_PER_PAGE, default: DEFAULT_PER_PAGE },
            },
            {
              name: 'nextPageToken',
              in: 'query',
              required: false,
              description: 'from the Link rel="next" header of the previous page',
              schema: { type: 'string' },
            },
          ],
          responses: {
            '200': {
              description: 'EPCISQueryDocument (JSON-LD)',
              headers: { Link: { description: 'rel="next" when more events follow', schema: { type: 'string' } } },
              content: { 'application/ld+json': { schema: { $ref: '#/components/schemas/EPCISQueryDocument' } } },
            },
            '400': problem,
            '501': {
              ...problem,
              description:
                'a standard parameter this repository does not answer yet (EQ_persistentDisposition_unset, EQ_transformationID, …)',
            },
          },
        },
      },
      '/epcis/events/{eventID}': {
        get: {
          summary: 'One anchored event by its URL-encoded hash ID or eventID',
          parameters: [{ name: 'eventID', in: 'path', required: true, schema: { type: 'string' } }],
          responses: { '200': { description: 'the event (JSON-LD)', content: { 'application/ld+json': {} } }, '404': problem },
        },
      },
      '/01/{path}': gs1Path,
      '/00/{path}': gs1Path,
      '/414/{path}': gs1Path,
      '/qr/{path}.svg': {
        get: {
          summary: 'QR code (SVG, error correction M, quiet zone 4) of the canonical Digital Link on this host',
          parameters: [{ name: 'path', in: 'path', required: true, schema: { type: 'string' } }],
          responses: { '200': { description: 'image/svg+xml', content: { 'image/svg+xml': {} } }, '400': problem },
        },
      },
      '/qr/{path}.png': {
        get: {
          summary: 'QR code (PNG)',
          parameters: [{ name: 'path', in: 'path', required: true, schema: { type: 'string' } }],
          responses: { '200': { description: 'image/png', content: { 'image/png': {} } }, '400': problem },
        },
      },
      '/.well-known/gs1resolver': {
        get: {
          summary: 'GS1 resolver description file',
          responses: { '200': { description: 'JSON', content: { 'application/json': {} } } },
        },
      },
      '/openapi.json': {
        get: { summary: 'this document', responses: { '200': { description: 'OpenAPI 3.1', content: { 'application/json': {} } } } },
      },
    },
    components: {
      schemas: {
        Problem: {
          type: 'object',
          required: ['type', 'title', 'status', 'code'],
          properties: {
            type: { type: 'string' },
            title: { type: 'string' },
            status: { type: 'integer' },
            detail: { type: 'string' },
            instance: { type: 'string' },
            code: { type: 'string' },
            errors: {
              type: 'array',
              items: {
                type: 'object',
                properties: { parameter: { type: 'string' }, message: { type: 'string' }, expected: { type: 'string' } },
              },
            },
          },
        },
        EPCISQueryDocument: {
          type: 'object',
          required: ['@context', 'type', 'schemaVersion', 'creationDate', 'epcisBody'],
          properties: {
            '@context': {},
            type: { const: 'EPCISQueryDocument' },
            schemaVersion: { const: '2.0' },
            creationDate: { type: 'string', format: 'date-time' },
            epcisBody: { type: 'object' },
          },
        },
      },
    },
  };
}
