import { useTranslation } from 'react-i18next';
import { Empty } from '../components/Status';
import { Link, useTitle } from '../lib/router';

export function NotFoundPage() {
  const { t } = useTranslation();
  useTitle(t('notFound.title'));
  return (
    <Empty title={t('notFound.title')}>
      <Link to="/">{t('notFound.home')}</Link>
    </Empty>
  );
}
