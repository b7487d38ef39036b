export const ROLES = ['officer', 'reviewer', 'head', 'admin', 'office', 'section_head'] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, string> = {
  officer: '执法人员',
  reviewer: '法制审核人员',
  head: '负责人',
  admin: '行政审批科',
  office: '办公室',
  section_head: '科室负责人',
};

export interface Certificate {
  number: string;
  validUntil: string; // YYYY-MM-DD, inclusive
}

export interface Person {
  openId: string;
  name: string;
  department: string;
  roles: Role[];
  certificate: Certificate | null;
  /** Specialty tags for the 执法检查人员名录库 (双随机), e.g. 安全生产; absent or empty: none. */
  specialties?: string[];
}
