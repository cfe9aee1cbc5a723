import { useTranslation } from 'react-i18next';
import { Empty } from '../../components/Status';
import { ADMIN_SECTIONS } from '../../lib/routes';
import { Link, useTitle } from '../../lib/router';
import { useSession } from '../../lib/session';
import { Audit } from './Audit';
import { Clearance } from './Clearance';
import { Communities } from './Communities';
import { Organizations } from './Organizations';
import { Terms } from './Terms';
import { Users } from './Users';

const SECTIONS = {
  organizations: Organizations,
  communities: Communities,
  users: Users,
  clearance: Clearance,
  terms: Terms,
  audit: Audit,
} as const;

/** The operator console (role operator only). */
export function AdminPage({ section }: { section: string }) {
  const { t } = useTranslation();
  const { me } = useSession();
  useTitle(`${t('nav.admin')} · ${t(`admin.tab.${section}`, { defaultValue: section })}`);
  if (me.role !== 'operator') return <Empty title={t('admin.operatorsOnly')} />;
  const Section = SECTIONS[section as keyof typeof SECTIONS] ?? Organizations;
  return (
    <div className="page">
      <div className="page-head">
        <h1 data-testid="page-title">{t('nav.admin')}</h1>
      </div>
      <nav className="tabs" aria-label={t('nav.admin')}>
        {ADMIN_SECTIONS.map((s) => (
          <Link key={s} to={`/admin/${s}`} className={s === section ? 'tab active' : 'tab'} aria-current={s === section ? 'page' : undefined}>
            {t(`admin.tab.${s}`)}
          </Link>
        ))}
      </nav>
      <Section />
    </div>
  );
}
