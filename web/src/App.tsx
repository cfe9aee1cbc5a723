import { lazy, Suspense, useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, api, setCsrfToken, setSessionLostHandler } from './api/client';
import type { Me, SessionAnswer } from './api/types';
import { Layout, PublicLayout } from './components/Layout';
import { ErrorBox, Loading } from './components/Status';
import { isDeskRoute } from './lib/desk-routes';
import { isPostureRoute } from './lib/posture-routes';
import { isPublicRoute, matchRoute, pathFromHash, type Route } from './lib/routes';
import { navigate, Redirect, useLocation } from './lib/router';
import { SessionContext, type SessionValue } from './lib/session';
import { HomePage } from './pages/HomePage';
import { NotFoundPage } from './pages/NotFoundPage';
import { ObjectPage } from './pages/object/ObjectPage';
import { OrgPage } from './pages/org/OrgPage';
import { PublishPage } from './pages/publish/PublishPage';
import { SearchPage } from './pages/SearchPage';
import { SetPasswordPage } from './pages/SetPasswordPage';
import { SignInPage } from './pages/SignInPage';

// Invitation links may come as /#/set-password/TOKEN: move hash routes to the path first.
const hashPath = pathFromHash(window.location.hash);
if (hashPath) window.history.replaceState(null, '', hashPath);

// The report desk, posture and the operator console load on first visit: most sessions never open them.
const DeskPages = lazy(() => import('./pages/desk/DeskPages').then((m) => ({ default: m.DeskPages })));
const PosturePages = lazy(() => import('./pages/posture/PosturePages').then((m) => ({ default: m.PosturePages })));
const AdminPage = lazy(() => import('./pages/admin/AdminPage').then((m) => ({ default: m.AdminPage })));

type SessionState = { status: 'loading' } | { status: 'error'; error: ApiError } | { status: 'out'; lost: boolean } | { status: 'in'; me: Me };

function SignedInPage({ route }: { route: Route }) {
  return (
    <Suspense fallback={<Loading />}>
      <RoutePage route={route} />
    </Suspense>
  );
}

function RoutePage({ route }: { route: Route }) {
  if (isDeskRoute(route)) return <DeskPages route={route} />;
  if (isPostureRoute(route)) return <PosturePages route={route} />;
  switch (route.name) {
    case 'home':
      return <HomePage />;
    case 'search':
      return <SearchPage />;
    case 'object':
      return <ObjectPage key={route.id} id={route.id} />;
    case 'publish':
      return <PublishPage />;
    case 'org':
      return <OrgPage />;
    case 'admin':
      return <AdminPage section={route.section} />;
    default:
      return <NotFoundPage />;
  }
}

export function App() {
  const { t } = useTranslation();
  const { pathname } = useLocation();
  const route = matchRoute(pathname);
  const [session, setSession] = useState<SessionState>({ status: 'loading' });

  const probe = useCallback(() => {
    setSession({ status: 'loading' });
    api<SessionAnswer>('GET', '/session', { expectUnauthorized: true })
      .then((s) => {
        setCsrfToken(s.csrf_token);
        setSession({ status: 'in', me: s.user });
      })
      .catch((e: unknown) => {
        if (e instanceof ApiError && e.status === 401) setSession({ status: 'out', lost: false });
        else setSession({ status: 'error', error: e instanceof ApiError ? e : new ApiError(0, 'Error', String(e)) });
      });
  }, []);

  useEffect(() => {
    probe();
    setSessionLostHandler(() => {
      setCsrfToken(null);
      setSession({ status: 'out', lost: true });
    });
    return () => setSessionLostHandler(null);
  }, [probe]);

  const signedIn = useCallback((s: SessionAnswer) => {
    setCsrfToken(s.csrf_token);
    setSession({ status: 'in', me: s.user });
    if (matchRoute(window.location.pathname).name === 'sign-in') navigate('/', { replace: true });
  }, []);

  const me = session.status === 'in' ? session.me : null;
  const value = useMemo<SessionValue | null>(
    () =>
      me && {
        me,
        signOut: async (everywhere: boolean) => {
          try {
            if (everywhere) await api('POST', '/session/sign-out-everywhere', { body: {}, expectUnauthorized: true });
            else await api('DELETE', '/session', { expectUnauthorized: true });
          } catch {
            // the session is over for this page either way
          }
          setCsrfToken(null);
          setSession({ status: 'out', lost: false });
          navigate('/');
        },
      },
    [me],
  );

  if (route.name === 'set-password') {
    return (
      <PublicLayout>
        <SetPasswordPage token={route.token} />
      </PublicLayout>
    );
  }
  if (session.status === 'loading') {
    return (
      <PublicLayout>
        <Loading />
      </PublicLayout>
    );
  }
  if (session.status === 'error') {
    return (
      <PublicLayout>
        <ErrorBox error={session.error} />
        <button type="button" className="btn" onClick={probe}>
          {t('common.retry')}
        </button>
      </PublicLayout>
    );
  }
  if (session.status === 'out' || !value) {
    return (
      <PublicLayout>
        <SignInPage onSignedIn={signedIn} sessionLost={session.status === 'out' && session.lost} />
      </PublicLayout>
    );
  }
  if (isPublicRoute(route)) return <Redirect to="/" />;
  return (
    <SessionContext.Provider value={value}>
      <Layout>
        <SignedInPage route={route} />
      </Layout>
    </SessionContext.Provider>
  );
}
