import { Avatar, type AvatarProps } from '@fluentui/react-components';
import { useEffect, useState } from 'react';

import { useServices } from './AppProviders';

// Only Entra object ids have photos; an anonymised former peer (erased data) has no id worth asking about.
const objectId = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The photo of a peer as an object URL, or undefined while loading, when they have none, or on any error: a photo
 * is decoration, so a failure shows initials and never an error message. The URL is revoked on unmount.
 */
function usePeerPhotoUrl(personId: string | undefined): string | undefined {
  const { employee } = useServices();
  const [url, setUrl] = useState<string | undefined>(undefined);
  useEffect(() => {
    setUrl(undefined);
    if (!personId || !objectId.test(personId)) return undefined;
    let active = true;
    let objectUrl: string | undefined;
    employee.peerPhoto(personId).then(
      (blob) => {
        if (!active || !blob.type.startsWith('image/') || typeof URL.createObjectURL !== 'function') return;
        objectUrl = URL.createObjectURL(blob);
        setUrl(objectUrl);
      },
      () => undefined,
    );
    return () => {
      active = false;
      if (objectUrl) URL.revokeObjectURL(objectUrl);
    };
  }, [employee, personId]);
  return url;
}

export interface PeerAvatarProps {
  personId: string | undefined;
  name: string | undefined;
  size?: AvatarProps['size'];
}

/**
 * A peer's Fluent Avatar: initials at once, the photo when it arrives. The size is fixed by the Avatar, so swapping
 * initials for the photo never moves the layout. Decorative (the name is next to it).
 */
export function PeerAvatar({ personId, name, size }: PeerAvatarProps) {
  const src = usePeerPhotoUrl(personId);
  return <Avatar name={name} size={size} aria-hidden image={src ? { src, alt: '' } : undefined} />;
}
