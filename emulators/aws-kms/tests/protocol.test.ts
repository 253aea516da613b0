import { CreateKeyCommand, DescribeKeyCommand, ListKeysCommand, ScheduleKeyDeletionCommand } from '@aws-sdk/client-kms';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AwsKmsEmulator } from '../server';
import { ACCOUNT, kmsClient, kmsError, rawRequest, startEmulator } from './helpers';

describe('AWS JSON 1.1 protocol', () => {
  let emulator: AwsKmsEmulator;
  beforeAll(async () => {
    emulator = await startEmulator({ region: 'ap-south-1' });
  });
  afterAll(() => emulator.close());

  it('answers an unknown operation with UnknownOperationException', async () => {
    const response = await rawRequest(emulator.url, 'TrentService.MakeCoffee', '{}');
    expect(response.status).toBe(400);
    expect(response.body).toEqual({ __type: 'UnknownOperationException' });
    expect(response.headers.get('x-amzn-errortype')).toBe('UnknownOperationException');
  });

  it('answers a request without X-Amz-Target with UnknownOperationException', async () => {
    const response = await rawRequest(emulator.url, undefined, '{}');
    expect(response.body.__type).toBe('UnknownOperationException');
  });

  it('answers malformed JSON with SerializationException', async () => {
    const response = await rawRequest(emulator.url, 'TrentService.ListKeys', '{"Limit": ');
    expect(response.status).toBe(400);
    expect(response.body.__type).toBe('SerializationException');
  });

  it('answers a member of the wrong JSON type with SerializationException', async () => {
    const response = await rawRequest(emulator.url, 'TrentService.DescribeKey', '{"KeyId": 42}');
    expect(response.body).toEqual({ __type: 'SerializationException', message: 'NUMBER_VALUE can not be converted to String' });
  });

  it('answers content type, request id and a JSON body on success', async () => {
    const response = await rawRequest(emulator.url, 'TrentService.ListKeys', '');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/x-amz-json-1.1');
    expect(response.headers.get('x-amzn-requestid')).toMatch(/^[0-9a-f-]{36}$/);
    // Other tests of this file may have created keys already: the shape, not the count.
    expect(response.body).toEqual({ Keys: expect.any(Array), Truncated: false });
  });

  it('uses the region of the SigV4 credential scope in ARNs', async () => {
    const kms = kmsClient(emulator.url, { region: 'eu-central-1' });
    const { KeyMetadata } = await kms.send(new CreateKeyCommand({}));
    expect(KeyMetadata?.Arn).toBe(`arn:aws:kms:eu-central-1:${ACCOUNT}:key/${KeyMetadata?.KeyId}`);
    expect(KeyMetadata?.AWSAccountId).toBe(ACCOUNT);
  });

  it('uses the partition of the region', async () => {
    const kms = kmsClient(emulator.url, { region: 'cn-north-1' });
    const { KeyMetadata } = await kms.send(new CreateKeyCommand({}));
    expect(KeyMetadata?.Arn).toMatch(/^arn:aws-cn:kms:cn-north-1:/);
  });

  it('keeps keys apart by region, as KMS keys are regional', async () => {
    const east = kmsClient(emulator.url, { region: 'us-east-2' });
    const west = kmsClient(emulator.url, { region: 'us-west-2' });
    const { KeyMetadata } = await east.send(new CreateKeyCommand({}));
    const id = KeyMetadata!.KeyId!;
    expect(await kmsError(west.send(new DescribeKeyCommand({ KeyId: id })))).toMatchObject({
      name: 'NotFoundException',
      message: `Key 'arn:aws:kms:us-west-2:${ACCOUNT}:key/${id}' does not exist`,
    });
    expect(await kmsError(west.send(new DescribeKeyCommand({ KeyId: KeyMetadata!.Arn })))).toMatchObject({
      name: 'NotFoundException',
      message: 'Invalid arn us-east-2',
    });
    const listed = await west.send(new ListKeysCommand({}));
    expect(listed.Keys?.map((k) => k.KeyId)).not.toContain(id);
  });

  it('serves unsigned requests in the default region', async () => {
    const response = await rawRequest(emulator.url, 'TrentService.CreateKey', '{}');
    expect((response.body.KeyMetadata as { Arn: string }).Arn).toMatch(/^arn:aws:kms:ap-south-1:/);
  });

  it('reports constraint violations the way AWS does, all at once', async () => {
    const kms = kmsClient(emulator.url);
    expect(await kmsError(kms.send(new ScheduleKeyDeletionCommand({ KeyId: '', PendingWindowInDays: 31 })))).toMatchObject({
      name: 'ValidationException',
      status: 400,
      message:
        "2 validation errors detected: Value '' at 'keyId' failed to satisfy constraint: Member must have length greater than or equal to 1; " +
        "Value '31' at 'pendingWindowInDays' failed to satisfy constraint: Member must have value less than or equal to 30",
    });
    const missing = await rawRequest(emulator.url, 'TrentService.DescribeKey', '{}');
    expect(missing.body).toEqual({
      __type: 'ValidationException',
      message: "1 validation error detected: Value null at 'keyId' failed to satisfy constraint: Member must not be null",
    });
  });

  it('answers the admin health check', async () => {
    const response = await fetch(`${emulator.url}/__admin/health`);
    expect(await response.json()).toEqual({ status: 'ok' });
  });
});
