/**
 * OpenAPI paths of the report desk (src/api/desk.ts, desk-admin.ts; docs/api/desk.md, which
 * has the full JSON shapes). Merged into OPENAPI_DOCUMENT.
 */
const problem = { $ref: '#/components/schemas/Problem' };
const problemResponse = (description: string) => ({ description, content: { 'application/problem+json': { schema: problem } } });
const json = (description: string, schema: Record<string, unknown> = { type: 'object' }) => ({ description, content: { 'application/json': { schema } } });
const body = (description: string) => ({ required: true, content: { 'application/json': { schema: { type: 'object', description } } } });
const id = { name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' }, description: 'The report id' };
const aid = { name: 'aid', in: 'path', required: true, schema: { type: 'string', format: 'uuid' }, description: 'The attachment id' };
const q = (name: string, description: string) => ({ name, in: 'query', required: false, schema: { type: 'string' }, description });

const E401 = problemResponse('Not signed in and no valid API token');
const E403 = problemResponse('The caller may see the report but not do this (desk staff only, or reporter side only)');
const E404 = problemResponse('No such report, or the caller may not see it (the same answer)');
const E409 = problemResponse('The report is not in a state that allows this, or changed meanwhile');
const E422 = problemResponse('Invalid input, each error by property');

const op = (operationId: string, summary: string, responses: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  operationId, summary, ...extra, responses: { ...responses, '401': E401 },
});
const report = json('The report (docs/api/desk.md `Report`)', { type: 'object', required: ['report'], properties: { report: { type: 'object' } } });

export const paths = {
  '/reports/options': { get: op('getReportOptions', 'Report types, enums, recipients, whether the caller is desk staff, the attachment size limit', { '200': json('Options') }) },
  '/reports/statistics': {
    get: op('getReportStatistics', 'Report counts by type, sector and month (members: only figures 5 or more organizations stand behind)', {
      '200': json('Statistics'), '422': E422,
    }, { parameters: [q('from', 'Date YYYY-MM-DD (created on or after)'), q('to', 'Date YYYY-MM-DD (created on or before)')] }),
  },
  '/reports/profile': {
    get: op('getDeskProfile', "The caller's organization's sanitizer profile", { '200': json('{ names, products, domains, people }') }),
    put: op('putDeskProfile', "Replace the organization's sanitizer profile (org-admins, operators)", { '200': json('The profile'), '403': E403, '422': E422 }, { requestBody: body('{ names, products, domains, people }') }),
  },
  '/reports': {
    get: op('listReports', 'Reports: every organization\'s for desk staff (the queue), the caller\'s organization\'s otherwise; newest first', {
      '200': json('{ items: ReportSummary[], next }'), '400': problemResponse('Invalid parameters'),
    }, { parameters: [q('status', 'new, triaged, routed, closed (list)'), q('type', 'report types (list)'), q('assignee', "'me'"), q('organization', "'mine': the caller's organization's only (for desk staff)"), q('q', 'text in the title'), q('cursor', 'next of the previous page'), q('limit', '1-100 (25)')] }),
    post: op('fileReport', 'File a report (any signed-in member)', { '201': report, '422': E422 }, { requestBody: body('ReportInput') }),
  },
  '/reports/{id}': {
    get: op('getReport', 'One report', { '200': report, '404': E404 }, { parameters: [id] }),
    patch: op('editReport', 'Edit a report (its organization, until routed)', { '200': report, '403': E403, '404': E404, '409': E409, '422': E422 }, { parameters: [id], requestBody: body('ReportInput (any subset)') }),
  },
  '/reports/{id}/consent': {
    put: op('setReportConsent', 'Which recipients get what, with which attribution (the reporter\'s organization, until routed)', { '200': report, '403': E403, '404': E404, '409': E409, '422': E422 }, { parameters: [id], requestBody: body('{ consent: [{ recipient, scope, attribution }] }') }),
  },
  '/reports/{id}/triage': { post: op('triageReport', 'new → triaged (desk staff)', { '200': report, '403': E403, '404': E404, '409': E409 }, { parameters: [id] }) },
  '/reports/{id}/assign': { post: op('assignReport', 'Assign to a desk staff member, or nobody (desk staff)', { '200': report, '403': E403, '404': E404, '409': E409, '422': E422 }, { parameters: [id], requestBody: body('{ assignee: email | null }') }) },
  '/reports/{id}/close': { post: op('closeReport', 'triaged or routed → closed, with a resolution (desk staff)', { '200': report, '403': E403, '404': E404, '409': E409, '422': E422 }, { parameters: [id], requestBody: body('{ resolution }') }) },
  '/reports/{id}/reopen': { post: op('reopenReport', 'closed → triaged (or routed) (desk staff)', { '200': report, '403': E403, '404': E404, '409': E409 }, { parameters: [id] }) },
  '/reports/{id}/messages': {
    get: op('listReportMessages', 'The thread between reporter and desk, oldest first', { '200': json('{ messages }'), '404': E404 }, { parameters: [id] }),
    post: op('postReportMessage', 'Write in the thread', { '201': json('{ message }'), '404': E404, '422': E422 }, { parameters: [id], requestBody: body('{ body }') }),
  },
  '/reports/{id}/activity': { get: op('listReportActivity', 'Who did what when, oldest first', { '200': json('{ entries }'), '404': E404 }, { parameters: [id] }) },
  '/reports/{id}/attachments': {
    get: op('listReportAttachments', 'Attachment facts (name, size, SHA-256)', { '200': json('{ attachments }'), '404': E404 }, { parameters: [id] }),
    post: op('uploadReportAttachment', 'Upload a log or sample as raw bytes', {
      '201': json('{ attachment }'), '404': E404, '409': E409, '413': problemResponse('Larger than the hub\'s limit'),
      '415': problemResponse('Not application/octet-stream, or a declared type the bytes contradict'), '422': problemResponse('Empty, or a missing or hostile file name'),
    }, {
      parameters: [id, { ...q('filename', 'The file name (required)'), required: true }, q('type', 'What the uploader says it is (informational)')],
      requestBody: { required: true, content: { 'application/octet-stream': { schema: { type: 'string', format: 'binary' } } } },
    }),
  },
  '/reports/{id}/attachments/{aid}': {
    get: op('downloadReportAttachment', 'Download an attachment (desk staff only; always application/octet-stream as an attachment)', {
      '200': { description: 'The bytes', content: { 'application/octet-stream': { schema: { type: 'string', format: 'binary' } } } }, '403': E403, '404': E404,
    }, { parameters: [id, aid] }),
    delete: op('removeReportAttachment', 'Remove an attachment (reporter side until routed, desk staff)', { '204': { description: 'Removed' }, '404': E404, '409': E409 }, { parameters: [id, aid] }),
  },
  '/reports/{id}/sanitized': { get: op('getSanitizedReport', "The sanitizer's before/after of the report, its digest and the reporter's approval", { '200': json('Sanitized'), '404': E404 }, { parameters: [id] }) },
  '/reports/{id}/sanitized/approve': { post: op('approveSanitizedReport', 'The reporter approves the sanitized result it saw (by digest)', { '200': report, '403': E403, '404': E404, '409': E409, '422': E422 }, { parameters: [id], requestBody: body('{ digest }') }) },
  '/reports/{id}/route/preview': { get: op('previewReportRouting', 'What each consented recipient would receive (desk staff)', { '200': json('{ recipients }'), '403': E403, '404': E404 }, { parameters: [id] }) },
  '/reports/{id}/route': { post: op('routeReport', 'Share the report as STIX with the consented recipients through the envelope (desk staff)', { '200': json('{ report, routed }'), '403': E403, '404': E404, '409': E409, '422': E422 }, { parameters: [id], requestBody: { required: false, content: { 'application/json': { schema: { type: 'object', description: '{ recipients?: [slug] }' } } } } }) },
  '/reports/{id}/case-study/preview': { post: op('previewCaseStudy', 'The sanitized case study that would be published (desk staff, closed report)', { '200': json('{ objects, sanitized, errors }'), '403': E403, '404': E404, '409': E409 }, { parameters: [id], requestBody: body('CaseStudyInput') }) },
  '/reports/{id}/case-study': { post: op('publishCaseStudy', 'Publish the case study with an envelope, anonymously (desk staff, closed report)', { '201': json('{ report, stored, refused }'), '403': E403, '404': E404, '409': E409, '422': E422 }, { parameters: [id], requestBody: body('CaseStudyInput') }) },
  '/cases': {
    get: op('listCaseStudies', 'The case collection the caller may see (through the same predicate as search)', { '200': json('{ items: Summary[], next }'), '400': problemResponse('Invalid parameters') }, {
      parameters: [q('q', 'search text'), q('info_type', 'best-practice, analysis'), q('sector', 'the case\'s sector'), q('cursor', 'next of the previous page'), q('limit', '1-100 (25)')],
    }),
  },
  '/desk/staff': { get: op('listDeskStaff', 'Desk staff (operators)', { '200': json('{ staff }'), '403': E403 }) },
  '/desk/staff/{email}': {
    put: op('grantDeskStaff', 'Make a user desk staff (operators, audited)', { '204': { description: 'Granted' }, '403': E403, '404': problemResponse('No such user') }, { parameters: [{ name: 'email', in: 'path', required: true, schema: { type: 'string' } }] }),
    delete: op('revokeDeskStaff', 'End a desk staff grant (operators, audited)', { '204': { description: 'Revoked' }, '403': E403, '404': problemResponse('Not desk staff') }, { parameters: [{ name: 'email', in: 'path', required: true, schema: { type: 'string' } }] }),
  },
  '/desk/recipients': { get: op('listDeskRecipients', 'Recipients and their mapping to communities and organizations (operators)', { '200': json('{ recipients }'), '403': E403 }) },
  '/desk/recipients/{slug}': {
    put: op('putDeskRecipient', 'Create or replace a recipient (operators, audited)', { '200': json('{ recipient }'), '403': E403, '422': E422 }, { parameters: [{ name: 'slug', in: 'path', required: true, schema: { type: 'string' } }], requestBody: body('{ name, kind, description, communities, organizations, tlp, technique_only }') }),
    delete: op('deleteDeskRecipient', 'Remove a recipient (operators, audited)', { '204': { description: 'Removed' }, '403': E403, '404': problemResponse('No such recipient') }, { parameters: [{ name: 'slug', in: 'path', required: true, schema: { type: 'string' } }] }),
  },
  '/desk/sanitizer-rules': {
    get: op('getSanitizerRules', "The sanitizer's hub rules (operators)", { '200': json('{ rules }'), '403': E403 }),
    put: op('putSanitizerRules', "Replace the sanitizer's hub rules (operators, audited)", { '200': json('{ rules }'), '403': E403, '422': E422 }, { requestBody: body('SanitizerRules') }),
  },
};
