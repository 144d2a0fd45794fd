import { useEffect } from "react";

/** The tab's title names the page: "Citas · DentalPin" (most specific part first). */
export function usePageTitle(...parts: (string | null | undefined)[]): void {
  const title = [...parts.filter(Boolean), "DentalPin"].join(" · ");
  useEffect(() => {
    document.title = title;
  }, [title]);
}
