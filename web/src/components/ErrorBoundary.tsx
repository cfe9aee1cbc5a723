import { Component, type ErrorInfo, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

function Crashed({ message }: { message: string }) {
  const { t } = useTranslation();
  return (
    <div className="alert alert-error" role="alert" data-testid="error">
      <strong>{t('error.crashed')}</strong>
      <p>{message}</p>
      <button type="button" className="btn btn-small" onClick={() => window.location.reload()}>
        {t('common.retry')}
      </button>
    </div>
  );
}

/** Keeps a page's rendering failure on that page (a message) instead of a blank screen. */
export class ErrorBoundary extends Component<{ children: ReactNode }, { error: Error | null }> {
  override state: { error: Error | null } = { error: null };

  static getDerivedStateFromError(error: Error) {
    return { error };
  }

  override componentDidCatch(error: Error, info: ErrorInfo): void {
    console.error('portal: page failed to render', error, info.componentStack);
  }

  override render() {
    return this.state.error ? <Crashed message={this.state.error.message} /> : this.props.children;
  }
}
