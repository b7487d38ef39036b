import { InvokeCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import type { Job, JobQueue } from '../../ports/index.ts';

/** Asynchronous Lambda invocation: Lambda queues it, retries twice, then sends it to the failure destination. */
export class LambdaJobQueue implements JobQueue {
  constructor(
    private readonly lambda: LambdaClient,
    private readonly functionName: string,
  ) {}

  async submit(job: Job): Promise<void> {
    const res = await this.lambda.send(
      new InvokeCommand({
        FunctionName: this.functionName,
        InvocationType: 'Event',
        Payload: Buffer.from(JSON.stringify(job)),
      }),
    );
    if (res.StatusCode !== 202) throw new Error(`async invoke answered ${res.StatusCode}`);
  }
}
