import { useEffect, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { PUBLISHING_ROLES } from '../lib/enums';
import { Link, useLocation } from '../lib/router';
import { useSession } from '../lib/session';
import { ErrorBoundary } from './ErrorBoundary';
import { LanguageSwitch } from './LanguageSwitch';

function Brand() {
  const { t } = useTranslation();
  return (
    <Link to="/" className="brand" aria-label={t('header.homeLink')}>
      <svg className="brand-mark" viewBox="0 0 32 32" aria-hidden="true">
        <circle cx="12" cy="16" r="6" />
        <circle cx="20" cy="16" r="6" />
      </svg>
      <span className="brand-name">Kyojo</span>
      <span className="brand-sub" lang="ja">共助</span>
    </Link>
  );
}

function UserMenu() {
  const { t } = useTranslation();
  const { me, signOut } = useSession();
  const [open, setOpen] = useState(false);
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!open) return;
    const close = (e: Event) => {
      if (e instanceof KeyboardEvent ? e.key === 'Escape' : !ref.current?.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('mousedown', close);
    document.addEventListener('keydown', close);
    return () => {
      document.removeEventListener('mousedown', close);
      document.removeEventListener('keydown', close);
    };
  }, [open]);
  return (
    <div className="user-menu" ref={ref}>
      <button type="button" className="user-button" aria-expanded={open} aria-haspopup="true" onClick={() => setOpen(!open)} data-testid="user-menu">
        <span className="avatar" aria-hidden="true">
          {me.email.charAt(0).toUpperCase()}
        </span>
        <span className="user-email">{me.email}</span>
      </button>
      {open && (
        <div className="user-pop">
          <p className="user-pop-email">{me.email}</p>
          <p className="muted">
            {me.organization.name} · {t(`enum.role.${me.role}`, { defaultValue: me.role })}
            {me.tier ? ` · ${t(`enum.tier.${me.tier}`, { defaultValue: me.tier })}` : ''}
          </p>
          <button type="button" className="btn btn-block" onClick={() => void signOut(false)} data-testid="sign-out">
            {t('header.signOut')}
          </button>
          <button type="button" className="btn btn-block btn-quiet" onClick={() => void signOut(true)} data-testid="sign-out-everywhere">
            {t('header.signOutEverywhere')}
          </button>
        </div>
      )}
    </div>
  );
}

/** The signed-in page frame: header with hub name, navigation, language switch and user menu. */
export function Layout({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const { me } = useSession();
  const { pathname } = useLocation();
  const [navOpen, setNavOpen] = useState(false);
  useEffect(() => setNavOpen(false), [pathname]);

  const links = [
    { to: '/', label: t('nav.home'), active: pathname === '/' },
    { to: '/search', label: t('nav.search'), active: pathname === '/search' },
    ...(PUBLISHING_ROLES.includes(me.role) ? [{ to: '/publish', label: t('nav.publish'), active: pathname === '/publish' }] : []),
    { to: '/desk', label: t('desk.nav'), active: pathname.startsWith('/desk') },
    { to: '/cases', label: t('desk.navCases'), active: pathname.startsWith('/cases') },
    { to: '/posture', label: t('posture.nav'), active: /^\/(posture|supply|surveys|board-report)(\/|$)/.test(pathname) },
    { to: '/org', label: t('nav.org'), active: pathname === '/org' },
    ...(me.role === 'operator' ? [{ to: '/admin', label: t('nav.admin'), active: pathname.startsWith('/admin') }] : []),
  ];
  return (
    <div className="app">
      <a href="#main" className="skip-link">
        {t('header.skip')}
      </a>
      <header className="header">
        <div className="header-inner">
          <Brand />
          <button
            type="button"
            className="nav-toggle"
            aria-expanded={navOpen}
            aria-controls="main-nav"
            onClick={() => setNavOpen(!navOpen)}
          >
            <span className="nav-toggle-bars" aria-hidden="true" />
            <span className="visually-hidden">{t('header.menu')}</span>
          </button>
          <nav id="main-nav" className={`nav${navOpen ? ' nav-open' : ''}`} aria-label={t('header.navigation')}>
            {links.map((l) => (
              <Link key={l.to} to={l.to} className={l.active ? 'active' : ''} aria-current={l.active ? 'page' : undefined}>
                {l.label}
              </Link>
            ))}
            <div className="nav-tools">
              <LanguageSwitch />
              <UserMenu />
            </div>
          </nav>
        </div>
      </header>
      <main id="main" className="main" tabIndex={-1}>
        <ErrorBoundary key={pathname}>{children}</ErrorBoundary>
      </main>
      <footer className="footer">
        <span>{t('footer.text')}</span>
        <a href="/api/v1/openapi.json">{t('footer.api')}</a>
        <a href="/taxii2/">TAXII 2.1</a>
      </footer>
    </div>
  );
}

/** The frame of public pages (sign-in, set password): brand and language switch only. */
export function PublicLayout({ children }: { children: ReactNode }) {
  return (
    <div className="app app-public">
      <header className="header">
        <div className="header-inner">
          <Brand />
          <div className="nav-tools nav-tools-public">
            <LanguageSwitch />
          </div>
        </div>
      </header>
      <main id="main" className="main main-narrow">
        {children}
      </main>
    </div>
  );
}
