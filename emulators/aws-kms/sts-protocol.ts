import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * The AWS query protocol STS speaks: POST / with a form body (Action=...&Version=2011-06-15),
 * XML answers in STS's namespace, and errors as <ErrorResponse> with a Sender or Receiver type.
 */
export const STS_VERSION = '2011-06-15';
export const STS_NAMESPACE = `https://sts.amazonaws.com/doc/${STS_VERSION}/`;

export class StsError extends Error {
  constructor(
    readonly code: string,
    readonly awsMessage: string,
    readonly status = 400,
  ) {
    super(awsMessage);
    this.name = code;
  }
}

/** A form-encoded POST without X-Amz-Target is STS; the KMS JSON protocol always names its target. */
export function isQueryRequest(req: IncomingMessage): boolean {
  const type = req.headers['content-type'] ?? '';
  return req.method === 'POST' && req.headers['x-amz-target'] === undefined && type.startsWith('application/x-www-form-urlencoded');
}

export const parseForm = (body: Buffer): Record<string, string> => Object.fromEntries(new URLSearchParams(body.toString('utf8')));

/** Element text only: attributes are never written from input. */
const escape = (text: string) => text.replace(/[&<>]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;' })[c]!);

export type XmlValue = string | number | { [element: string]: XmlValue };

export function xml(value: XmlValue): string {
  if (typeof value !== 'object') return escape(String(value));
  return Object.entries(value)
    .map(([element, inner]) => `<${element}>${xml(inner)}</${element}>`)
    .join('');
}

function send(res: ServerResponse, status: number, text: string, requestId: string): void {
  res.writeHead(status, { 'Content-Type': 'text/xml', 'Content-Length': Buffer.byteLength(text), 'x-amzn-RequestId': requestId });
  res.end(text);
}

export function sendStsResult(res: ServerResponse, action: string, result: Record<string, XmlValue>): void {
  const requestId = randomUUID();
  const body = xml({ [`${action}Result`]: result, ResponseMetadata: { RequestId: requestId } });
  send(res, 200, `<${action}Response xmlns="${STS_NAMESPACE}">${body}</${action}Response>\n`, requestId);
}

export function sendStsError(res: ServerResponse, error: StsError): void {
  const requestId = randomUUID();
  const type = error.status >= 500 ? 'Receiver' : 'Sender';
  const body = xml({ Error: { Type: type, Code: error.code, Message: error.awsMessage }, RequestId: requestId });
  send(res, error.status, `<ErrorResponse xmlns="${STS_NAMESPACE}">${body}</ErrorResponse>\n`, requestId);
}
