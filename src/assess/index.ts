/** The assessment engine: questionnaire data, loading and scoring (see types.ts for the contract). */
export * from './types.js';
export { listQuestionnaires, getQuestionnaire } from './questionnaires.js';
export { scoreAnswers, validateAnswers, questionsInScope } from './scoring.js';
export { parseQuestionnaire } from './questionnaire-schema.js';
