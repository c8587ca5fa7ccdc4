"""One repository per aggregate. Repositories query and stage; the service's unit of work commits."""
