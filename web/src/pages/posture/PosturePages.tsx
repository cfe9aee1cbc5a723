import type { PostureRoute } from '../../lib/posture-routes';
import { InboxPage } from '../supply/InboxPage';
import { SupplyAssessmentPage } from '../supply/SupplyAssessmentPage';
import { SupplyPage } from '../supply/SupplyPage';
import { SurveyPage } from '../survey/SurveyPage';
import { SurveysPage } from '../survey/SurveysPage';
import { AssessmentPage } from './AssessmentPage';
import { BoardReportPage } from './BoardReportPage';
import { PosturePage } from './PosturePage';
import { PostureTabs, type PostureArea } from './PostureTabs';

const AREA: Record<PostureRoute['name'], PostureArea> = {
  posture: 'posture',
  assessment: 'posture',
  supply: 'supply',
  'supply-inbox': 'supply',
  'supply-assessment': 'supply',
  surveys: 'surveys',
  survey: 'surveys',
  'board-report': 'board',
};

/** The posture area's pages under their section tabs (App.tsx hands every posture route here). */
export function PosturePages({ route }: { route: PostureRoute }) {
  return (
    <div className="posture-area">
      <PostureTabs current={AREA[route.name]} />
      <Page route={route} />
    </div>
  );
}

function Page({ route }: { route: PostureRoute }) {
  switch (route.name) {
    case 'posture':
      return <PosturePage />;
    case 'assessment':
      return <AssessmentPage key={route.id} id={route.id} />;
    case 'supply':
      return <SupplyPage />;
    case 'supply-inbox':
      return <InboxPage />;
    case 'supply-assessment':
      return <SupplyAssessmentPage key={route.id} id={route.id} />;
    case 'surveys':
      return <SurveysPage />;
    case 'survey':
      return <SurveyPage key={route.id} id={route.id} />;
    case 'board-report':
      return <BoardReportPage />;
  }
}
