import { Text } from '@fluentui/react-components';

import { useI18n } from '../../i18n/i18n';

export interface AdminViewProps {
  route: string;
  navigate: (route: string) => void;
}

export default function AdminView(_props: AdminViewProps) {
  const { t } = useI18n();
  return <Text>{t('admin.loading')}</Text>;
}
