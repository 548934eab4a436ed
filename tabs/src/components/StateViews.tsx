import {
  Button,
  makeStyles,
  MessageBar,
  MessageBarActions,
  MessageBarBody,
  MessageBarTitle,
  Spinner,
  Text,
  tokens,
} from '@fluentui/react-components';

import { ApiError } from '../api/http';
import { describeIssueCode } from '../format/form-issue';
import { type I18n, useI18n } from '../i18n/i18n';

const useStyles = makeStyles({
  center: { display: 'flex', justifyContent: 'center', padding: tokens.spacingVerticalXXL },
  empty: { display: 'block', color: tokens.colorNeutralForeground3, padding: `${tokens.spacingVerticalM} 0` },
});

export function LoadingState({ label }: { label?: string }) {
  const styles = useStyles();
  const { t } = useI18n();
  return (
    <div className={styles.center}>
      <Spinner label={label ?? t('app.loading')} />
    </div>
  );
}

export function EmptyState({ children }: { children: string }) {
  const styles = useStyles();
  return <Text className={styles.empty}>{children}</Text>;
}

/** Turns any failure into words the user can act on; never shows a raw server message for 5xx. */
export function describeError(error: unknown, i18n: I18n): string {
  const { t } = i18n;
  if (!(error instanceof ApiError)) return t('app.error.network');
  switch (error.kind) {
    case 'network':
      return t('app.error.network');
    case 'unauthorized':
      return t('app.error.unauthorized');
    case 'forbidden':
      return t('app.error.forbidden');
    case 'not-found':
      return t('app.error.notFound');
    case 'conflict':
      return t('app.error.conflict');
    case 'throttled':
      return t('app.error.throttled');
    case 'invalid': {
      // Each problem from its code: the API's `issue` and `message` are English.
      const problems = [...new Set(error.details.map((d) => describeIssueCode(d, i18n)))];
      return t('app.error.invalid', {
        details: problems.length > 0 ? problems.join(' ') : t('issue.invalid'),
      });
    }
    default:
      return t('app.error.server', { status: error.status });
  }
}

export function ErrorState({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const i18n = useI18n();
  return (
    <MessageBar intent="error" layout="multiline" role="alert">
      <MessageBarBody>
        <MessageBarTitle>{i18n.t('app.error.title')}</MessageBarTitle>
        {describeError(error, i18n)}
      </MessageBarBody>
      {onRetry && (
        <MessageBarActions>
          <Button onClick={onRetry}>{i18n.t('app.retry')}</Button>
        </MessageBarActions>
      )}
    </MessageBar>
  );
}
