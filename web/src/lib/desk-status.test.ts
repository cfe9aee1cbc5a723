import { describe, expect, it } from 'vitest';
import { workflowSteps } from './desk-status';

describe('workflowSteps', () => {
  it('marks the steps before the current one done', () => {
    expect(workflowSteps('routed', true).map((s) => s.state)).toEqual(['done', 'done', 'current', 'todo']);
    expect(workflowSteps('new', false).map((s) => s.state)).toEqual(['current', 'todo', 'todo', 'todo']);
  });
  it('does not show a report closed without routing as routed', () => {
    expect(workflowSteps('closed', false).map((s) => s.state)).toEqual(['done', 'done', 'todo', 'current']);
    expect(workflowSteps('closed', true).map((s) => s.state)).toEqual(['done', 'done', 'done', 'current']);
  });
});
