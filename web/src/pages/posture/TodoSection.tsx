import { useTranslation } from 'react-i18next';
import type { TodoItem } from '../../api/posture-types';
import { ErrorBox, Loading } from '../../components/Status';
import { pick } from '../../lib/posture-questions';
import { useApi } from '../../lib/useApi';

/** The to-do list: the weakest answers of the latest assessments, with what to do about each. */
export function TodoSection() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const todo = useApi<{ items: TodoItem[] }>('/posture/todo?limit=20');
  return (
    <section className="card" aria-labelledby="posture-todo-title">
      <h2 id="posture-todo-title">{t('posture.todo')}</h2>
      <p className="muted">{t('posture.todoLead')}</p>
      <ErrorBox error={todo.error} />
      {todo.loading && !todo.data && <Loading />}
      {todo.data &&
        (todo.data.items.length === 0 ? (
          <p className="muted">{t('posture.noTodo')}</p>
        ) : (
          <ol className="todo-list" data-testid="posture-todo">
            {todo.data.items.map((item) => (
              <li key={`${item.assessment_id}-${item.question_id}`} className="todo-item" data-testid="todo-item">
                <div className="todo-head">
                  <strong>{pick(item.question, lang)}</strong>
                  <span className="chip chip-warn">{t('posture.lost', { points: item.lost.toFixed(1) })}</span>
                </div>
                <p className="muted small">
                  {pick(item.questionnaire.title, lang)} · {pick(item.category.title, lang)}
                </p>
                <p>{pick(item.guidance, lang)}</p>
              </li>
            ))}
          </ol>
        ))}
    </section>
  );
}
