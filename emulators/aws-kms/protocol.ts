import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { KmsError } from './errors';

/** AWS JSON 1.1 as the SDKs speak it: POST /, X-Amz-Target: TrentService.<Op>, JSON bodies. */
export const CONTENT_TYPE = 'application/x-amz-json-1.1';
const TARGET_PREFIX = 'TrentService.';
const MAX_BODY_BYTES = 1024 * 1024;

export function operationName(req: IncomingMessage): string | undefined {
  const target = req.headers['x-amz-target'];
  return typeof target === 'string' && target.startsWith(TARGET_PREFIX) ? target.slice(TARGET_PREFIX.length) : undefined;
}

/** The region of the SigV4 credential scope: Credential=AKID/20240101/<region>/kms/aws4_request. */
export function regionOf(req: IncomingMessage): string | undefined {
  const match = /Credential=[^/,\s]+\/\d{8}\/([a-z0-9-]+)\//.exec(req.headers.authorization ?? '');
  return match?.[1];
}

/** The access key id of the SigV4 credential scope, and the session token sent with it. */
export function signerOf(req: IncomingMessage): { accessKeyId: string; sessionToken: string | undefined } | undefined {
  const match = /Credential=([^/,\s]+)\//.exec(req.headers.authorization ?? '');
  if (!match) return undefined;
  const token = req.headers['x-amz-security-token'];
  return { accessKeyId: match[1]!, sessionToken: typeof token === 'string' ? token : undefined };
}

export function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

export function parseRequestBody(body: Buffer): Record<string, unknown> {
  if (body.length > MAX_BODY_BYTES) throw new KmsError('SerializationException', 'The request body is too large.');
  const text = body.toString('utf8').trim();
  if (text === '') return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new KmsError('SerializationException', 'The request body is not valid JSON.');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new KmsError('SerializationException', 'The request body must be a JSON object.');
  }
  return value as Record<string, unknown>;
}

export function sendResult(res: ServerResponse, output: object): void {
  send(res, 200, output, {});
}

export function sendError(res: ServerResponse, error: KmsError): void {
  const body = error.awsMessage === undefined ? { __type: error.type } : { __type: error.type, message: error.awsMessage };
  send(res, error.status, body, { 'x-amzn-ErrorType': error.type });
}

function send(res: ServerResponse, status: number, body: object, headers: Record<string, string>): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': CONTENT_TYPE,
    'Content-Length': Buffer.byteLength(text),
    'x-amzn-RequestId': randomUUID(),
    ...headers,
  });
  res.end(text);
}
