/** The CaseStore contract against both stores (see case-store.contract.ts). */
import { DynamoCaseStore } from '../../functions/adapters/dynamodb/case-store.ts';
import { MemoryCaseStore } from '../../functions/adapters/memory/case-store.ts';
import { freshTable } from '../helpers/db.ts';
import { decideInMemory, decideInTable, decision } from '../helpers/decision.ts';
import { caseStoreContract } from './case-store.contract.ts';

const decided = decision({ date: '2053-03-10' });

caseStoreContract(
  'DynamoCaseStore on DynamoDB Local',
  async () => {
    const t = await freshTable();
    const store = new DynamoCaseStore(t.db, t.tableName);
    tables.set(store, t);
    return store;
  },
  async (store, caseId) => {
    const t = tables.get(store as DynamoCaseStore);
    if (!t) throw new Error('no table for this store');
    await decideInTable(t.db, t.tableName, caseId, decided);
  },
);
caseStoreContract(
  'MemoryCaseStore',
  async () => new MemoryCaseStore(),
  async (store, caseId) => decideInMemory(store as MemoryCaseStore, caseId, decided),
);

const tables = new Map<DynamoCaseStore, Awaited<ReturnType<typeof freshTable>>>();
