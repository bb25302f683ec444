import { apiExamples } from "@/lib/docs/samples";
import { endpointsFor, type Endpoints } from "@/lib/oauth/endpoints";
import { TOKEN_KIND_MEMBER } from "@/lib/oauth/introspect";
import { protectedResourceMetadataUrl, resourceMetadataGuide, type ResourceMetadataGuide } from "@/lib/operator/resource-metadata";

/**
 * What "Protect your API" (/docs/protect-your-api) says, as plain data: the samples, and the
 * RFC 9728 document of the API they protect, built by the code that builds it for the operator
 * area, so the page shows what the console would.
 */
export type ProtectYourApiGuide = {
  endpoints: Endpoints;
  examples: ReturnType<typeof apiExamples>;
  tokenKindMember: string;
  /** The example API's protected resource metadata: the document, where it is served, the challenges. */
  metadata: ResourceMetadataGuide;
  /** RFC 9728 §3.1 for an identifier with a path. */
  pathExample: { identifier: string; url: string };
};

/** The API the page's samples protect: examples/notes-api, deployed at notes.example.com. */
export const EXAMPLE_API = { identifier: "https://notes.example.com/", name: "Notes API", scopes: ["notes.read", "notes.write"] } as const;

const PATH_EXAMPLE = "https://api.example.com/notes";

export function describeProtectYourApi(issuer: string): ProtectYourApiGuide {
  return {
    endpoints: endpointsFor(issuer),
    examples: apiExamples(issuer),
    tokenKindMember: TOKEN_KIND_MEMBER,
    metadata: resourceMetadataGuide(EXAMPLE_API, issuer),
    pathExample: { identifier: PATH_EXAMPLE, url: protectedResourceMetadataUrl(PATH_EXAMPLE) },
  };
}
