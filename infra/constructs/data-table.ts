/**
 * The single table (key scheme: functions/adapters/dynamodb/keys.ts): `pk`/`sk`, the sparse GSI
 * `gsi1` on `gsi1pk`/`gsi1sk`, TTL on `expiresAt`. On-demand, point-in-time recovery, deletion
 * protection, retained on stack deletion, encrypted with a customer-managed key of its own.
 */
import { RemovalPolicy } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';

export const GSI1_NAME = 'gsi1';
export const TTL_ATTRIBUTE = 'expiresAt';

/**
 * Item actions a function may be granted. Transactions need no action of their own:
 * TransactWriteItems is authorised item by item as PutItem / UpdateItem / DeleteItem /
 * ConditionCheckItem, TransactGetItems as GetItem. Never Scan, never BatchWriteItem (only the
 * operator's roster import uses it, with the operator's credentials), never table administration.
 */
export type ItemAction = 'GetItem' | 'BatchGetItem' | 'PutItem' | 'UpdateItem' | 'ConditionCheckItem';

/** What one function does to the table, as the code does it (functions/adapters/dynamodb/). */
export interface TableAccess {
  /** Item actions on the table. */
  readonly items: readonly ItemAction[];
  /** Query the table and `gsi1`. */
  readonly query: boolean;
  /** Partition-key prefixes under which the function may DeleteItem (e.g. `EVENT#`); none: no delete. */
  readonly deleteUnder?: readonly string[];
}

/** Actions that store data (a ConditionCheckItem only reads). */
const WRITE_ACTIONS: readonly string[] = ['PutItem', 'UpdateItem'];

/** What DynamoDB asks KMS for on the caller's behalf when the table uses a customer-managed key. */
export const TABLE_KEY_READ_ACTIONS = ['kms:Decrypt', 'kms:DescribeKey'] as const;
export const TABLE_KEY_WRITE_ACTIONS = ['kms:Encrypt', 'kms:GenerateDataKey'] as const;

/**
 * Partitions no function may write: the roster (`PERSON#`, who holds which role), the draw's target
 * library (`TARGETS`) and the recorded conflicts of interest (`CONFLICTS`) are written only by the
 * operator's CLIs. A webhook bug or a forged request cannot grant anyone a role, nor change what a
 * draw draws from.
 */
export const OPERATOR_ONLY_PARTITIONS = ['PERSON#', 'TARGETS', 'CONFLICTS'] as const;

export class DataTable extends Construct {
  readonly table: dynamodb.Table;
  readonly key: kms.Key;

  constructor(scope: Construct, id: string) {
    super(scope, id);

    // Customer-managed rather than AWS-managed: the bureau owns the key policy, sees every use in
    // CloudTrail under its own key, and can disable the key to cut off all access to case records.
    this.key = new kms.Key(this, 'Key', {
      description: 'Encrypts the case-management table',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    this.table = new dynamodb.Table(this, 'Table', {
      partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING },
      sortKey: { name: 'sk', type: dynamodb.AttributeType.STRING },
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      timeToLiveAttribute: TTL_ATTRIBUTE,
      deletionProtection: true,
      encryption: dynamodb.TableEncryption.CUSTOMER_MANAGED,
      encryptionKey: this.key,
      removalPolicy: RemovalPolicy.RETAIN,
      // Keys only: the statistics aggregator re-reads what it counts; no item data leaves through the stream.
      stream: dynamodb.StreamViewType.KEYS_ONLY,
    });

    this.table.addGlobalSecondaryIndex({
      indexName: GSI1_NAME,
      partitionKey: { name: 'gsi1pk', type: dynamodb.AttributeType.STRING },
      sortKey: { name: 'gsi1sk', type: dynamodb.AttributeType.STRING },
      projectionType: dynamodb.ProjectionType.ALL,
    });
  }

  /**
   * Exactly `access` on the table and `gsi1`: named resources only, no wildcard action. Deletes are
   * allowed only under the given partition-key prefixes (`dynamodb:LeadingKeys`), and a function
   * that writes at all is explicitly denied writes to the operator-only partitions.
   */
  grant(grantee: iam.IGrantable, access: TableAccess): void {
    const table = this.table.tableArn;
    const index = `${table}/index/${GSI1_NAME}`;
    const ddb = (a: string) => `dynamodb:${a}`;
    if (access.items.length > 0) {
      iam.Grant.addToPrincipal({ grantee, actions: access.items.map(ddb), resourceArns: [table] });
    }
    if (access.query) iam.Grant.addToPrincipal({ grantee, actions: [ddb('Query')], resourceArns: [table, index] });
    const deletes = access.deleteUnder ?? [];
    if (deletes.length > 0) {
      grantee.grantPrincipal.addToPrincipalPolicy(
        new iam.PolicyStatement({
          actions: [ddb('DeleteItem')],
          resources: [table],
          // Every key of the request must start with an allowed prefix (a DeleteItem always names one).
          conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': deletes.map((p) => `${p}*`) } },
        }),
      );
    }
    const writes = access.items.some((a) => WRITE_ACTIONS.includes(a)) || deletes.length > 0;
    if (writes) {
      grantee.grantPrincipal.addToPrincipalPolicy(
        new iam.PolicyStatement({
          effect: iam.Effect.DENY,
          actions: ['PutItem', 'UpdateItem', 'DeleteItem', 'BatchWriteItem'].map(ddb),
          resources: [table],
          // Any key of the request (each item of a transaction is checked on its own).
          conditions: { 'ForAnyValue:StringLike': { 'dynamodb:LeadingKeys': OPERATOR_ONLY_PARTITIONS.map((p) => `${p}*`) } },
        }),
      );
    }
    iam.Grant.addToPrincipal({
      grantee,
      actions: writes ? [...TABLE_KEY_READ_ACTIONS, ...TABLE_KEY_WRITE_ACTIONS] : [...TABLE_KEY_READ_ACTIONS],
      resourceArns: [this.key.keyArn],
    });
  }
}
