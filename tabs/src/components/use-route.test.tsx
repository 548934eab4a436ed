import { act, render, screen } from '@testing-library/react';

import { useRoute } from './use-route';

function Probe({ initial }: { initial: string | null }) {
  const [route, navigate] = useRoute(initial);
  return (
    <button type="button" onClick={() => navigate('history')}>
      route:{route}
    </button>
  );
}

afterEach(() => window.history.replaceState(null, '', '/'));

describe('useRoute', () => {
  it.each([
    ['/#/join/growth', null, 'join/growth'],
    ['/', 'feedback/pairing-1', 'feedback/pairing-1'],
    ['/?view=admin', null, 'admin'],
    ['/?view=admin#/admin/rounds', null, 'admin/rounds'],
    ['/?view=employee', null, ''],
  ])('%s with deep link %s → %s', (url, initial, expected) => {
    window.history.replaceState(null, '', url);
    render(<Probe initial={initial} />);
    expect(screen.getByRole('button').textContent).toBe(`route:${expected}`);
  });

  it('navigates by hash', () => {
    render(<Probe initial={null} />);
    act(() => screen.getByRole('button').click());
    expect(window.location.hash).toBe('#/history');
    expect(screen.getByRole('button').textContent).toBe('route:history');
  });
});
