/**
 * Test-only Feishu things: the sample roster's people and a valid filing form. The pushes themselves
 * (encrypted, signed, as Feishu sends them) are built by local/feishu-push.ts, shared with `npm run say`
 * and the bench; re-exported here so tests import one helper.
 */
export {
  assertValidCallbackAnswer,
  cardAction,
  ENCRYPT_KEY,
  encryptFeishu,
  feishuRequest,
  feishuRequestFromJson,
  messageEvent,
  newId,
  type PostOptions,
  postFeishu,
  VERIFICATION_TOKEN,
} from '../../local/feishu-push.ts';

/** The sample roster's people (local/sample-roster.json). */
export const USERS = {
  zhang: 'ou_9f8e7d6c5b4a39281706f5e4d3c2b1a0', // officer, valid certificate
  li: 'ou_1a2b3c4d5e6f708192a3b4c5d6e7f801', // officer, valid certificate
  wang: 'ou_2b3c4d5e6f708192a3b4c5d6e7f80112', // officer, certificate expired 2025-12-31
  zhou: 'ou_3c4d5e6f708192a3b4c5d6e7f8011223', // officer, no certificate
  zhao: 'ou_4d5e6f708192a3b4c5d6e7f801122334', // reviewer + admin
  head: 'ou_5e6f708192a3b4c5d6e7f80112233445', // head
  sun: 'ou_6f708192a3b4c5d6e7f8011223344556', // office
  wu: 'ou_708192a3b4c5d6e7f801122334455667', // section head (科室负责人) of 运行监测科
  stranger: 'ou_00000000000000000000000000000000',
};

/** A form that passes validation: a valid USCC and two certified officers. */
export function validFilingForm(overrides: Record<string, unknown> = {}) {
  return {
    party_name: '甘孜某某矿业有限公司',
    party_type: 'organization',
    party_id: '91510000MA6123456P',
    case_type: '行政处罚',
    procedure: 'ordinary',
    summary: '未按规定报送能源利用状况报告，经督促仍未改正。',
    source: '监督检查',
    legal_basis: '《中华人民共和国节约能源法》第八十二条',
    officers: [USERS.zhang, USERS.li],
    ...overrides,
  };
}
