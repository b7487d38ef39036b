/**
 * The public HTTPS ingress for Feishu: an API Gateway HTTP API (payload format 2.0) with exactly two
 * routes, `POST /feishu/events` and `POST /feishu/cards`, both on the webhook function. No IAM or
 * JWT authorizer: Feishu cannot sign AWS requests, and every request is authenticated by the
 * webhook itself (Feishu signature over the raw body, timestamp window, verification token).
 *
 * HTTP API rather than a Lambda Function URL because Function URLs do not exist in the China
 * regions; regional endpoint because edge-optimised endpoints do not either.
 */
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { CustomDomainConfig } from '../config.ts';

export const EVENTS_PATH = '/feishu/events';
export const CARDS_PATH = '/feishu/cards';

/** Stage-wide throttling: far above a bureau's chat traffic, low enough to blunt a flood. */
export const API_THROTTLE = { burstLimit: 100, rateLimit: 50 } as const;

export interface FeishuApiProps {
  readonly handler: lambda.IFunction;
  readonly customDomain?: CustomDomainConfig;
  readonly logRetention: logs.RetentionDays;
}

export class FeishuApi extends Construct {
  readonly api: apigw.HttpApi;
  readonly stage: apigw.HttpStage;
  readonly accessLogGroup: logs.LogGroup;
  readonly domainName?: apigw.DomainName;
  /** Base URL Feishu should call (custom domain when configured), without trailing slash. */
  readonly baseUrl: string;

  constructor(scope: Construct, id: string, props: FeishuApiProps) {
    super(scope, id);

    this.api = new apigw.HttpApi(this, 'Api', {
      description: 'Feishu event subscription and card callback ingress',
      createDefaultStage: false,
      // With a custom domain, Feishu calls only the domain: the execute-api host would be a second,
      // unlisted way in (around the domain's TLS policy and whatever fronts it), so it is switched off.
      disableExecuteApiEndpoint: props.customDomain !== undefined,
    });

    const integration = new HttpLambdaIntegration('Webhook', props.handler, {
      payloadFormatVersion: apigw.PayloadFormatVersion.VERSION_2_0,
      timeout: Duration.seconds(10),
    });
    for (const path of [EVENTS_PATH, CARDS_PATH]) {
      this.api.addRoutes({ path, methods: [apigw.HttpMethod.POST], integration });
    }

    this.accessLogGroup = new logs.LogGroup(this, 'AccessLogs', {
      retention: props.logRetention,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    // No headers and no body in the access log: they carry the signature and encrypted payload.
    const format = AccessLogFormat.custom(
      JSON.stringify({
        requestId: '$context.requestId',
        ip: '$context.identity.sourceIp',
        userAgent: '$context.identity.userAgent',
        requestTime: '$context.requestTime',
        method: '$context.httpMethod',
        routeKey: '$context.routeKey',
        status: '$context.status',
        protocol: '$context.protocol',
        responseLength: '$context.responseLength',
        responseLatency: '$context.responseLatency',
        integrationStatus: '$context.integrationStatus',
        integrationLatency: '$context.integrationLatency',
        integrationError: '$context.integrationErrorMessage',
        error: '$context.error.message',
      }),
    );

    this.stage = new apigw.HttpStage(this, 'Stage', {
      httpApi: this.api,
      stageName: '$default',
      autoDeploy: true,
      throttle: { ...API_THROTTLE },
      accessLogSettings: {
        destination: new apigw.LogGroupLogDestination(this.accessLogGroup),
        format,
      },
    });

    if (props.customDomain) {
      // China: the domain must carry an ICP filing (备案) for the account before it serves traffic.
      this.domainName = new apigw.DomainName(this, 'DomainName', {
        domainName: props.customDomain.domainName,
        certificate: acm.Certificate.fromCertificateArn(this, 'Certificate', props.customDomain.certificateArn),
        endpointType: apigw.EndpointType.REGIONAL,
        securityPolicy: apigw.SecurityPolicy.TLS_1_2,
      });
      new apigw.ApiMapping(this, 'ApiMapping', {
        api: this.api,
        domainName: this.domainName,
        stage: this.stage,
      });
      this.baseUrl = `https://${props.customDomain.domainName}`;
    } else {
      this.baseUrl = this.api.apiEndpoint;
    }
  }
}
