/** A bare grpc-js client of the Gateway service, for requests the official clients would not send. */
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import { protoPath } from '../server';

type Message = Record<string, any>;

export interface RawClient {
  unary(method: string, request: Message): Promise<Message>;
  stream(method: string, request: Message): grpc.ClientReadableStream<Message>;
  close(): void;
}

export interface RawClientOptions {
  /** Default: plain text. */
  credentials?: grpc.ChannelCredentials;
  /** Sent with every call (e.g. authorization). */
  metadata?: Record<string, string>;
}

export function rawClient(port: number, opts: RawClientOptions = {}): RawClient {
  const definition = protoLoader.loadSync(protoPath(), { keepCase: true, longs: String, enums: String, defaults: true, oneofs: true });
  const pkg = grpc.loadPackageDefinition(definition).gateway_protocol as grpc.GrpcObject;
  const Gateway = pkg.Gateway as grpc.ServiceClientConstructor;
  const client = new Gateway(`localhost:${port}`, opts.credentials ?? grpc.credentials.createInsecure());
  const metadata = new grpc.Metadata();
  for (const [key, value] of Object.entries(opts.metadata ?? {})) metadata.set(key, value);
  const methods = client as unknown as Record<string, (...args: unknown[]) => unknown>;
  return {
    unary: (method, request) =>
      new Promise((resolve, reject) => {
        methods[method].call(client, request, metadata, (err: grpc.ServiceError | null, res: Message) =>
          err ? reject(err) : resolve(res),
        );
      }),
    stream: (method, request) => methods[method].call(client, request, metadata) as grpc.ClientReadableStream<Message>,
    close: () => client.close(),
  };
}

/** Collects a server stream until it ends; rejects on an error status. */
export function collect(stream: grpc.ClientReadableStream<Message>): Promise<Message[]> {
  return new Promise((resolve, reject) => {
    const out: Message[] = [];
    stream.on('data', (m: Message) => out.push(m));
    stream.on('error', reject);
    stream.on('end', () => resolve(out));
  });
}
