import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Answers, Question, Questionnaire } from '../../api/posture-types';
import { categoryTitle, optionsOf, pick, progressOf, resumeIndex } from '../../lib/posture-questions';

/**
 * Answers a questionnaire one question at a time: the question, its guidance and the
 * evidence it may ask for, the answer scale as radio buttons, previous/next, and progress.
 * Each choice is saved at once through `onAnswer` (the hub keeps the draft), so leaving
 * and coming back resumes at the first unanswered question.
 */
export function QuestionStepper({
  questionnaire,
  questions,
  answers,
  onAnswer,
  busy,
  readOnly,
}: {
  questionnaire: Questionnaire;
  questions: Question[];
  answers: Answers;
  onAnswer: (questionId: string, value: string) => Promise<boolean>;
  busy: boolean;
  readOnly?: boolean;
}) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const [index, setIndex] = useState(() => resumeIndex(questions, answers));
  // the choice being saved, shown checked until the hub answers (then `answers` carries it)
  const [pending, setPending] = useState<string | null>(null);
  // the list can change (another level): stay inside it
  useEffect(() => setIndex((i) => Math.min(i, Math.max(questions.length - 1, 0))), [questions.length]);
  const question = questions[index];
  const progress = progressOf(questions, answers);
  if (!question) return <p className="muted">{t('posture.noQuestions')}</p>;
  const options = optionsOf(questionnaire, question);
  const chosen = answers[question.id] ?? '';
  const shown = pending ?? chosen;

  const choose = async (value: string) => {
    setPending(value);
    const saved = await onAnswer(question.id, value);
    setPending(null);
    // move on after a first answer; a changed answer stays put so the change can be seen
    if (saved && !chosen && index < questions.length - 1) setIndex(index + 1);
  };

  return (
    <section className="card stepper" aria-labelledby="question-text" data-testid="question" data-question-id={question.id}>
      <div className="stepper-head">
        <span className="chip">{categoryTitle(questionnaire, question.category, lang)}</span>
        <span className="muted" data-testid="progress-text">
          {t('posture.questionOf', { n: index + 1, total: questions.length })} · {t('posture.answeredOf', { n: progress.answered, total: progress.total })}
        </span>
      </div>
      <progress className="progress" max={progress.total || 1} value={progress.answered} aria-label={t('posture.progress')} data-testid="progress" />
      <h2 id="question-text" className="question-text" data-testid="question-text">
        {pick(question.text, lang)}
      </h2>
      <fieldset className="fieldset answer-options" data-testid="answer-options" disabled={busy || readOnly}>
        <legend className="visually-hidden">{t('posture.answer')}</legend>
        {options.map((o) => (
          <label key={o.value} className={`answer-option${shown === o.value ? ' answer-chosen' : ''}`}>
            <input type="radio" name={`q-${question.id}`} value={o.value} checked={shown === o.value} onChange={() => void choose(o.value)} data-testid="answer-option" />
            <span>{pick(o.label, lang)}</span>
          </label>
        ))}
      </fieldset>
      <details className="guidance" open>
        <summary>{t('posture.guidance')}</summary>
        <p data-testid="guidance">{pick(question.guidance, lang)}</p>
      </details>
      {question.evidence && question.evidence.length > 0 && (
        <div className="evidence-hint" data-testid="evidence-hint">
          <strong>{t('posture.evidenceHint')}</strong>
          <ul>
            {question.evidence.map((e) => (
              <li key={e.kind}>{pick(e.label, lang)}</li>
            ))}
          </ul>
        </div>
      )}
      <div className="stepper-nav">
        <button type="button" className="btn" onClick={() => setIndex(index - 1)} disabled={index === 0} data-testid="question-prev">
          {t('posture.previous')}
        </button>
        <button type="button" className="btn" onClick={() => setIndex(index + 1)} disabled={index >= questions.length - 1} data-testid="question-next">
          {t('posture.next')}
        </button>
        <button type="button" className="btn btn-quiet" onClick={() => setIndex(resumeIndex(questions, answers))} disabled={progress.complete}>
          {t('posture.firstUnanswered')}
        </button>
      </div>
    </section>
  );
}
