import type { DeskRoute } from '../../lib/desk-routes';
import { CasePage } from '../cases/CasePage';
import { CasesPage } from '../cases/CasesPage';
import { DeskHomePage } from './DeskHomePage';
import { ProfilePage } from './ProfilePage';
import { DeskSettingsPage } from './DeskSettingsPage';
import { QueuePage } from './QueuePage';
import { EditReportPage, ReportFormPage } from './ReportFormPage';
import { ReportPage } from './ReportPage';
import { StatsPage } from './StatsPage';

/** The report desk's pages and the case collection. */
export function DeskPages({ route }: { route: DeskRoute }) {
  switch (route.name) {
    case 'desk':
      return <DeskHomePage />;
    case 'desk-new':
      return <ReportFormPage />;
    case 'desk-report':
      return <ReportPage key={route.id} id={route.id} />;
    case 'desk-edit':
      return <EditReportPage key={route.id} id={route.id} />;
    case 'desk-queue':
      return <QueuePage />;
    case 'desk-stats':
      return <StatsPage />;
    case 'desk-profile':
      return <ProfilePage />;
    case 'desk-settings':
      return <DeskSettingsPage />;
    case 'cases':
      return <CasesPage />;
    case 'case':
      return <CasePage key={route.id} id={route.id} />;
  }
}
