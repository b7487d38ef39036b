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
 * Item-level actions the application uses. No Scan (no request path may scan), no table or index
 * administration. Transactions need no action of their own: TransactWriteItems is authorised per
 * item as PutItem / UpdateItem / DeleteItem / ConditionCheckItem, TransactGetItems as GetItem.
 */
export const TABLE_DATA_ACTIONS = [
  'dynamodb:GetItem',
  'dynamodb:BatchGetItem',
  'dynamodb:Query',
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
  'dynamodb:BatchWriteItem',
  'dynamodb:ConditionCheckItem',
] as const;

/** What DynamoDB asks KMS for on the caller's behalf when the table uses a customer-managed key. */
export const TABLE_KEY_ACTIONS = ['kms:Decrypt', 'kms:DescribeKey', 'kms:Encrypt', 'kms:GenerateDataKey'] as const;

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
    });

    this.table.addGlobalSecondaryIndex({
      indexName: GSI1_NAME,
      partitionKey: { name: 'gsi1pk', type: dynamodb.AttributeType.STRING },
      sortKey: { name: 'gsi1sk', type: dynamodb.AttributeType.STRING },
      projectionType: dynamodb.ProjectionType.ALL,
    });
  }

  /** Read/write items in the table and query `gsi1`: named resources only, no wildcard. */
  grantData(grantee: iam.IGrantable): void {
    iam.Grant.addToPrincipal({
      grantee,
      actions: [...TABLE_DATA_ACTIONS],
      resourceArns: [this.table.tableArn, `${this.table.tableArn}/index/${GSI1_NAME}`],
    });
    iam.Grant.addToPrincipal({ grantee, actions: [...TABLE_KEY_ACTIONS], resourceArns: [this.key.keyArn] });
  }
}
