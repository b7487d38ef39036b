/** Service of decisions (送达): the form, the record, and the party's periods it starts. Pure. */
export * from './form.ts';
export * from './deadlines.ts';
export * from './access.ts';
export * from './payment.ts';
