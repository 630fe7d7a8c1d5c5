from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from locality.governance.exceptions import AccessDenied, GovernanceError
from locality.population.forms import OutreachUploadForm
from locality.population.outreach_csv import MAX_PROBLEMS, OutreachFileError, decode
from locality.population.services import outreach_list_import
from locality.population.views.responses import not_found


@login_required
@require_http_methods(["GET", "POST"])
def outreach_upload(request):
    team = request.user.team
    form = OutreachUploadForm(request.POST or None, request.FILES or None, team=team)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            created = outreach_list_import(
                by=request.user,
                neighbourhood=form.cleaned_data["neighbourhood"],
                text=decode(upload.read(), upload.name),
                source_file=upload.name,
            )
        except AccessDenied:
            return not_found(request)
        except OutreachFileError as exc:
            _file_errors(form, exc)
        except GovernanceError as exc:
            form.add_error("neighbourhood", str(exc)[:1].upper() + str(exc)[1:])
        else:
            count = created.entries.count()
            messages.success(request, f"Imported {count} people from {created.source_file}")
            return redirect("population:outreach_list", created.pk)
    context = {"form": form, "team": team}
    return render(request, "population/outreach_upload.html", context)


def _file_errors(form, exc: OutreachFileError) -> None:
    form.add_error("file", f"The file has {len(exc.problems)} problems; nothing was imported")
    for problem in exc.problems[:MAX_PROBLEMS]:
        form.add_error("file", problem)
    if len(exc.problems) > MAX_PROBLEMS:
        form.add_error("file", f"and {len(exc.problems) - MAX_PROBLEMS} more problems")
