import type { Metadata } from "next";
import Link from "next/link";
import { forbidden, notFound } from "next/navigation";
import { getDb } from "@/db/client";
import { InviteMembersButton } from "@/components/members/invite-members-dialog";
import { LeaveOrganizationButton, MembersTable } from "@/components/members/members-table";
import { PendingInvitationsTable } from "@/components/members/pending-invitations-table";
import { RemovedMembersTable } from "@/components/members/removed-members-table";
import { buttonClass } from "@/components/ui/button";
import { Pagination, pageFromSearchParams } from "@/components/ui/pagination";
import { SearchForm } from "@/components/ui/search-form";
import { evaluateOrgCapability } from "@/lib/authz";
import { requireUser } from "@/lib/auth/principal";
import { listPendingInvitations } from "@/lib/operations/invitations";
import { listMembers, listRemovedMembersOperation } from "@/lib/operations/members";
import { runOperation } from "@/lib/operations/runner";
import { MAX_MEMBER_SEARCH_LENGTH, MEMBERS_PAGE_SIZE, REINSTATE_WINDOW_DAYS, reinstatableUntil } from "@/lib/services/members";
import { findOrganizationForMember } from "@/db/queries/organizations";

export const metadata: Metadata = { title: "Members" };

type Props = { params: Promise<{ ownerId: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function MembersPage({ params, searchParams }: Props) {
  const user = await requireUser();
  const db = await getDb();
  const ownerId = decodeURIComponent((await params).ownerId);
  const org = await findOrganizationForMember(db, { userId: user.id, handle: ownerId });
  if (!org) notFound();
  const search = await searchParams;
  const tab = search.tab === "invitations" ? "invitations" : search.tab === "removed" ? "removed" : "members";
  const canManage = evaluateOrgCapability(org.role, "members.manage").allowed;
  if (tab !== "members" && !canManage) forbidden();
  const basePath = `/${encodeURIComponent(org.handle)}/settings/members`;
  const query = typeof search.q === "string" ? search.q.trim().slice(0, MAX_MEMBER_SEARCH_LENGTH) : "";
  const tabClass = (active: boolean) =>
    `-mb-px border-b-2 px-3 py-2 text-sm font-medium ${active ? "border-brand-600 text-brand-700" : "border-transparent text-slate-600 hover:text-slate-900"}`;

  return (
    <div className="space-y-5">
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div>
          <h1 className="text-2xl font-semibold">Members</h1>
          <p className="mt-1 text-sm text-slate-600">
            {canManage ? "Invite people, change their roles and remove them." : `You are ${org.role}: you can see who is in ${org.name}. Only Admins manage members.`}
          </p>
        </div>
        {canManage ? (
          <div className="flex flex-wrap gap-2">
            {/* A download, not a page: a plain link, so the browser saves the file. */}
            <a href={`${basePath}/export`} download className={buttonClass("secondary")}>
              Export CSV
            </a>
            <InviteMembersButton org={org.handle} />
          </div>
        ) : null}
      </div>
      <nav aria-label="Members sections" className="flex gap-1 border-b border-slate-200">
        <Link href={basePath} aria-current={tab === "members" ? "page" : undefined} className={tabClass(tab === "members")}>
          Organization members
        </Link>
        {canManage ? (
          <Link href={`${basePath}?tab=invitations`} aria-current={tab === "invitations" ? "page" : undefined} className={tabClass(tab === "invitations")}>
            Pending invitations
          </Link>
        ) : null}
        {canManage ? (
          <Link href={`${basePath}?tab=removed`} aria-current={tab === "removed" ? "page" : undefined} className={tabClass(tab === "removed")}>
            Removed members
          </Link>
        ) : null}
      </nav>
      {tab === "invitations" ? (
        <InvitationsTab org={org.handle} userId={user.id} query={query} basePath={basePath} />
      ) : tab === "removed" ? (
        <RemovedTab org={org.handle} orgName={org.name} userId={user.id} />
      ) : (
        <MembersTab org={org.handle} orgName={org.name} userId={user.id} canManage={canManage} query={query} page={pageFromSearchParams(search.page)} basePath={basePath} />
      )}
      {/* Last on the page, so that leaving is never the first stop of the keyboard. */}
      <section aria-labelledby="leave-organization" className="flex flex-wrap items-center justify-between gap-3 border-t border-slate-200 pt-5">
        <div>
          <h2 id="leave-organization" className="text-base font-semibold">
            Leave {org.name}
          </h2>
          <p className="text-sm text-slate-600">You lose access to its apps and teams until an Admin invites you again.</p>
        </div>
        <LeaveOrganizationButton org={org.handle} orgName={org.name} />
      </section>
    </div>
  );
}

async function MembersTab({ org, orgName, userId, canManage, query, page, basePath }: { org: string; orgName: string; userId: string; canManage: boolean; query: string; page: number; basePath: string }) {
  const result = await runOperation(listMembers, { userId }, { org, query, page, pageSize: MEMBERS_PAGE_SIZE });
  if (!result.ok) notFound();
  const { members, total, pageSize } = result.data;
  return (
    <section aria-label="Organization members" className="space-y-3">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <SearchForm label="Search members by name or email" defaultValue={query} />
        <p className="text-sm text-slate-600">
          {query ? `${total.toLocaleString("en-US")} matching “${query}”` : `${total.toLocaleString("en-US")} ${total === 1 ? "member" : "members"}`}
        </p>
      </div>
      {members.length === 0 ? (
        <div className="rounded-lg border border-dashed border-slate-300 bg-white p-8 text-center">
          <p className="font-medium">{query ? "No members match your search." : "No members on this page."}</p>
          {query ? (
            <Link href={basePath} className="mt-2 inline-block text-sm font-medium text-brand-600 hover:underline">
              Clear the search
            </Link>
          ) : null}
        </div>
      ) : (
        <MembersTable org={org} orgName={orgName} members={members} canManage={canManage} viewerId={userId} />
      )}
      <Pagination basePath={basePath} params={{ q: query || undefined }} page={page} pageSize={pageSize} total={total} />
    </section>
  );
}

async function InvitationsTab({ org, userId, query, basePath }: { org: string; userId: string; query: string; basePath: string }) {
  const result = await runOperation(listPendingInvitations, { userId }, { org, query });
  if (!result.ok) forbidden();
  const total = result.data.length;
  return (
    <section aria-label="Pending invitations" className="space-y-3">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <SearchForm label="Search invitations by email" defaultValue={query} hidden={{ tab: "invitations" }} />
        <p className="text-sm text-slate-600">
          {query ? `${total.toLocaleString("en-US")} matching “${query}”` : `${total.toLocaleString("en-US")} pending ${total === 1 ? "invitation" : "invitations"}`}
        </p>
      </div>
      <PendingInvitationsTable org={org} invitations={result.data} query={query} />
      {query ? (
        <Link href={`${basePath}?tab=invitations`} className="inline-block text-sm font-medium text-brand-600 hover:underline">
          Clear the search
        </Link>
      ) : null}
    </section>
  );
}

async function RemovedTab({ org, orgName, userId }: { org: string; orgName: string; userId: string }) {
  const result = await runOperation(listRemovedMembersOperation, { userId }, { org });
  if (!result.ok) forbidden();
  return (
    <section aria-label="Removed members">
      <RemovedMembersTable org={org} orgName={orgName} windowDays={REINSTATE_WINDOW_DAYS} members={result.data.map((member) => ({ ...member, until: reinstatableUntil(member.removedAt) }))} />
    </section>
  );
}
