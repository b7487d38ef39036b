/**
 * Test files that replace a module (vi.mock, vi.doMock): they run in vitest.config.ts's `isolated`
 * project, since in the shared workers a replaced module would stay replaced for the files after them.
 */
export const MOCKS_MODULES = ['test/integration/statistics-bureau.test.ts'];
