/** The ChatContextStore contract against both stores (see chat-context.contract.ts). */
import { DynamoChatContext } from '../../functions/adapters/dynamodb/chat-context.ts';
import { MemoryChatContext } from '../../functions/adapters/memory/chat-context.ts';
import { freshTable } from '../helpers/db.ts';
import { chatContextContract } from './chat-context.contract.ts';

chatContextContract('DynamoChatContext on DynamoDB Local', async () => {
  const t = await freshTable();
  return new DynamoChatContext(t.db, t.tableName);
});
chatContextContract('MemoryChatContext', async () => new MemoryChatContext());
